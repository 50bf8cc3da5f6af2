import type pg from 'pg';

export interface SnapshotFacts {
  postgres: string;
  migrations: string[];
  tables: Record<string, number>;
}

/** Tables of our own schemas (public, pgboss): everything pg_dump writes rows for. */
const USER_TABLES = `
  SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name, n.nspname || '.' || c.relname AS label
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
   ORDER BY 2`;

/** What the database holds, as the transaction on `client` sees it (the exported snapshot). */
export async function readFacts(client: pg.Client): Promise<SnapshotFacts> {
  const [{ version, hasMigrations }] = (await client.query(
    `SELECT current_setting('server_version') AS version, to_regclass('public.migrations') IS NOT NULL AS "hasMigrations"`,
  )).rows;
  const migrations: string[] = hasMigrations ? (await client.query('SELECT name FROM migrations ORDER BY timestamp, id')).rows.map((r) => r.name) : [];
  const tables: Record<string, number> = {};
  for (const t of (await client.query(USER_TABLES)).rows as { name: string; label: string }[]) {
    tables[t.label] = Number((await client.query(`SELECT count(*) AS n FROM ${t.name}`)).rows[0].n);
  }
  return { postgres: String(version).split(' ')[0], migrations, tables };
}

export async function serverMajor(client: pg.Client): Promise<number> {
  const { rows } = await client.query(`SELECT current_setting('server_version_num')::int AS v`);
  return Math.floor(rows[0].v / 10000);
}

/** Relations of any kind outside PostgreSQL's own schemas: a database with none is empty. */
export async function userRelationCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query(`
    SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`);
  return rows[0].n;
}
