import type { MigrationInterface, QueryRunner } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/setup/database';
import { CONTRACT_MIGRATIONS, LAST_RELEASE_MIGRATION } from './expand-contract';

type Column = { table: string; column: string; type: string; nullable: boolean; hasDefault: boolean };

/** The public schema as an older node sees it: tables and their columns. */
async function schema(q: QueryRunner): Promise<Map<string, Column>> {
  const rows: Column[] = await q.query(`
    SELECT table_name AS table, column_name AS column, data_type || coalesce('(' || character_maximum_length || ')', '') AS type,
           is_nullable = 'YES' AS nullable, column_default IS NOT NULL OR is_identity = 'YES' AS "hasDefault"
      FROM information_schema.columns c JOIN pg_tables t ON t.schemaname = c.table_schema AND t.tablename = c.table_name
     WHERE c.table_schema = 'public' AND table_name <> 'migrations'`);
  return new Map(rows.map((r) => [`${r.table}.${r.column}`, r]));
}

/** What an older node would trip over between two schemas. */
function contractions(before: Map<string, Column>, after: Map<string, Column>): string[] {
  const tablesBefore = new Set([...before.values()].map((c) => c.table));
  const found: string[] = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) found.push(`${key} dropped or renamed`);
    else if (now.type !== old.type) found.push(`${key} changed type ${old.type} → ${now.type}`);
    else if (old.nullable && !now.nullable && !now.hasDefault) found.push(`${key} made NOT NULL without a default`);
  }
  for (const [key, now] of after) {
    if (!before.has(key) && tablesBefore.has(now.table) && !now.nullable && !now.hasDefault) found.push(`${key} added NOT NULL without a default`);
  }
  return found;
}

const timestampOf = (name: string) => Number(/(\d{13})$/.exec(name)![1]);

describe('migrations since the last release expand only (a node of the previous release keeps working)', async () => {
  const { dataSource } = await useTestDatabase();
  const all = dataSource.migrations as (MigrationInterface & { name: string })[];
  const since = all.slice(all.findIndex((m) => m.name === LAST_RELEASE_MIGRATION) + 1);

  /** Applies `m` on a runner, recording it as TypeORM does, and returns what it contracted. */
  const applyAndDiff = async (q: QueryRunner, m: MigrationInterface & { name: string }) => {
    const before = await schema(q);
    await m.up(q);
    await q.query('INSERT INTO migrations (timestamp, name) VALUES ($1, $2)', [timestampOf(m.name), m.name]);
    return contractions(before, await schema(q));
  };

  it('when this release\'s migrations are applied one by one to the previous release\'s schema, then none drops, renames or narrows what it had, unless listed as a contract step', async () => {
    expect(all.some((m) => m.name === LAST_RELEASE_MIGRATION)).toBe(true);
    for (let i = 0; i < since.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const q = dataSource.createQueryRunner();
    const refused: string[] = [];
    try {
      for (const m of since) {
        const found = await applyAndDiff(q, m);
        if (found.length && !CONTRACT_MIGRATIONS.has(m.name)) refused.push(`${m.name}: ${found.join('; ')}`);
      }
    } finally {
      await q.release();
    }
    expect(refused).toEqual([]);
    expect((await dataSource.showMigrations())).toBe(false); // back to fully migrated
  });

  it('when a migration drops a column, renames a table or adds a NOT NULL column without default, then the guard names it', async () => {
    const bad = { name: 'Contracting9999999999999', up: async (q: QueryRunner) => {
      await q.query(`ALTER TABLE calls DROP COLUMN caller_name; ALTER TABLE queue_settings RENAME TO queue_options;
                     ALTER TABLE citizens ADD COLUMN region text NOT NULL; ALTER TABLE requests ALTER COLUMN answer SET NOT NULL`);
    }, down: async () => {} };
    const q = dataSource.createQueryRunner();
    await q.startTransaction();
    try {
      await q.query('UPDATE requests SET answer = \'\' WHERE answer IS NULL');
      const found = await applyAndDiff(q, bad);
      expect(found).toEqual(expect.arrayContaining([
        'calls.caller_name dropped or renamed', expect.stringMatching(/^queue_settings\.\w+ dropped or renamed$/),
        'citizens.region added NOT NULL without a default', 'requests.answer made NOT NULL without a default',
      ]));
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('when this release migrates, then a node of the previous release still reads every table it knew, each migration in its own transaction as `migrate` runs them', async () => {
    for (let i = 0; i < since.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const tables: string[] = (await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)).map((r: { tablename: string }) => r.tablename);
    const migrating = dataSource.createQueryRunner();
    const oldNode = dataSource.createQueryRunner();
    // A guard against a hang, not a timing: an ADD COLUMN holds its table's lock until its migration commits,
    // and the old node's read waits for that commit (milliseconds in production), then answers.
    await oldNode.query("SET lock_timeout = '20s'");
    try {
      for (const m of since) {
        await migrating.startTransaction();
        await applyAndDiff(migrating, m);
        const reads = Promise.all(tables.map((t) => oldNode.query(`SELECT * FROM ${t} LIMIT 1`)));
        await migrating.commitTransaction();
        await expect(reads, m.name).resolves.toHaveLength(tables.length);
      }
    } finally {
      if (migrating.isTransactionActive) await migrating.rollbackTransaction();
      await migrating.release();
      await oldNode.release();
    }
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
