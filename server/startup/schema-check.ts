import type { DataSource } from 'typeorm';

/** Held while one node checks and migrates, so that nodes started together never migrate at once. */
const MIGRATION_LOCK = 0x4843_0002;

export class SchemaMismatchError extends Error {}

/** What the database has run and what this build brings, by migration name. */
export async function schemaDifference(dataSource: DataSource): Promise<{ unknown: string[]; pending: string[] }> {
  const [{ present }] = await dataSource.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS present`);
  const applied: string[] = present ? (await dataSource.query('SELECT name FROM migrations ORDER BY timestamp')).map((r: { name: string }) => r.name) : [];
  const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  return { unknown: applied.filter((n) => !known.includes(n)), pending: known.filter((n) => !applied.includes(n)) };
}

/**
 * A node refuses to run on a schema it does not know: a database migrated by a newer build (this node is
 * older than the others), or one missing this build's migrations while it may not run them (AUTO_MIGRATE=false:
 * the operator migrates once, on purpose). Otherwise the pending migrations run, one node at a time.
 */
export async function migrateOrRefuse(dataSource: DataSource, opts: { autoMigrate: boolean }): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const { unknown, pending } = await schemaDifference(dataSource);
    if (unknown.length) {
      throw new SchemaMismatchError(
        `the database has migrations this build does not know (${unknown.join(', ')}): it was migrated by a newer version; run that version on this node too`,
      );
    }
    if (pending.length && !opts.autoMigrate) {
      throw new SchemaMismatchError(
        `the database lacks ${pending.length} migration(s) of this build (${pending.join(', ')}) and AUTO_MIGRATE=false: migrate it first (npm run cli -- migrate)`,
      );
    }
    const applied = pending.length ? await dataSource.runMigrations({ transaction: 'each' }) : [];
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
