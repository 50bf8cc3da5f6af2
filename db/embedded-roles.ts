import pg from 'pg';
import type { Credentials } from './embedded-credentials';

/** The role and database the application uses: not a superuser, owner of its database. */
export const APP_ROLE = 'hromada';
export const APP_DATABASE = 'hromada';
const SUPERUSER = 'postgres';
/** What clusters created before generated passwords had; accepted once, to move them over. */
const LEGACY_PASSWORD = 'hromada-local';

export interface Endpoint {
  /** A socket directory, or 127.0.0.1. */
  host: string;
  port: number;
}

async function connect(at: Endpoint, user: string, password: string, database: string): Promise<pg.Client> {
  const client = new pg.Client({ ...at, user, password, database });
  client.on('error', () => undefined); // a cluster stopping under us ends the client; the caller sees its query fail
  await client.connect();
  return client;
}

/** The superuser's connection with the first password that works, and whether it was the stored one. */
async function superuser(at: Endpoint, passwords: string[], database = 'postgres'): Promise<{ client: pg.Client; stored: boolean }> {
  let last: unknown;
  for (const [i, password] of passwords.entries()) {
    try {
      return { client: await connect(at, SUPERUSER, password, database), stored: i === 0 };
    } catch (e) {
      // 28P01: wrong password; try the next candidate. Anything else is a real failure.
      if ((e as { code?: string }).code !== '28P01') throw e;
      last = e;
    }
  }
  throw last;
}

/**
 * Brings a cluster to the shape the application expects, whatever its age: the superuser's password is the
 * stored one (a new cluster had a throw-away, an old one the published `hromada-local`), the application role
 * exists without superuser rights, may turn triggers off for its imports (PostgreSQL 15+), and owns database
 * `hromada` with everything in it. An old cluster kept its data in database `postgres`: that database becomes
 * `hromada`. Each step is idempotent, so it runs on every start.
 */
export async function prepareCluster(at: Endpoint, credentials: Credentials, initPassword?: string): Promise<void> {
  const candidates = [credentials.superuser, ...(initPassword ? [initPassword] : []), LEGACY_PASSWORD];
  const { client, stored } = await superuser(at, candidates);
  const literal = (s: string) => client.escapeLiteral(s);
  let legacyData = false;
  try {
    if (!stored) await client.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${literal(credentials.superuser)}`);
    const [role] = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE])).rows;
    const rights = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal(credentials.app)}`;
    await client.query(`${role ? 'ALTER' : 'CREATE'} ROLE ${APP_ROLE} ${rights}`);
    const [{ version }] = (await client.query(`SELECT current_setting('server_version_num')::int AS version`)).rows;
    // The import's fast path (README, imports): without it the import is correct, only slower.
    if (version >= 150000) await client.query(`GRANT SET ON PARAMETER session_replication_role TO ${APP_ROLE}`);
    const [database] = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [APP_DATABASE])).rows;
    if (!database) {
      legacyData = (await client.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS found`)).rows[0].found;
      if (!legacyData) await client.query(`CREATE DATABASE ${APP_DATABASE} OWNER ${APP_ROLE}`);
    }
  } finally {
    await client.end();
  }
  if (legacyData) await renameLegacyDatabase(at, credentials);
  await handOver(at, credentials);
}

/** A database cannot be renamed from inside itself: from template1, `postgres` becomes ours and a new one is made. */
async function renameLegacyDatabase(at: Endpoint, credentials: Credentials): Promise<void> {
  const { client } = await superuser(at, [credentials.superuser], 'template1');
  try {
    await client.query(`ALTER DATABASE postgres RENAME TO ${APP_DATABASE}`);
    await client.query('CREATE DATABASE postgres');
  } finally {
    await client.end();
  }
}

/** The application role owns its database and every object in it that the superuser made (old clusters' migrations). */
async function handOver(at: Endpoint, credentials: Credentials): Promise<void> {
  const { client } = await superuser(at, [credentials.superuser], APP_DATABASE);
  try {
    await client.query(`ALTER DATABASE ${APP_DATABASE} OWNER TO ${APP_ROLE}`);
    await client.query(HAND_OVER);
  } finally {
    await client.end();
  }
}

// Tables before sequences: a table's owned sequences follow it, and may not be given away alone. Objects that
// belong to an extension (pg_trgm's) stay with it.
const HAND_OVER = `DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT format('ALTER SCHEMA %I OWNER TO ${APP_ROLE}', n.nspname) AS cmd FROM pg_namespace n
            WHERE n.nspowner = '${SUPERUSER}'::regrole AND n.nspname NOT IN ('public', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  UNION ALL SELECT format('ALTER %s %I.%I OWNER TO ${APP_ROLE}', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, n.nspname, c.relname)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relowner = '${SUPERUSER}'::regrole AND c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg\\_toast%' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
  LOOP EXECUTE r.cmd; END LOOP;
  FOR r IN SELECT format('ALTER SEQUENCE %I.%I OWNER TO ${APP_ROLE}', n.nspname, c.relname) AS cmd
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relowner = '${SUPERUSER}'::regrole AND c.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
  UNION ALL SELECT format('ALTER ROUTINE %s OWNER TO ${APP_ROLE}', p.oid::regprocedure) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE p.proowner = '${SUPERUSER}'::regrole AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  UNION ALL SELECT format('ALTER TYPE %I.%I OWNER TO ${APP_ROLE}', n.nspname, t.typname) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE t.typowner = '${SUPERUSER}'::regrole AND t.typtype IN ('e', 'd') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
  LOOP EXECUTE r.cmd; END LOOP;
END $$`;
