import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDataSource, type DataSource } from '../../db/data-source';
import { ukcTopicMapCsv, writeUkcFile } from '../../db/seed/appeal-files';
import { runImport } from '../../server/imports/imports.service';
import { loadTopicMap } from '../../server/imports/topic-map';
import { STOOD_IN_FOR, lockReferences, mayWriteWithoutTriggers, withoutTriggers } from '../../server/imports/without-triggers';
import { useTestDatabase } from '../setup/database';

/**
 * An import writes its new rows with triggers off when the database user may (a superuser, as the embedded
 * database's is), and does their work itself. These tests hold it to doing exactly what the triggers do.
 */
describe('imports: writing new rows without per-row triggers', async () => {
  const bypassing = await useTestDatabase();
  const firing = await useTestDatabase();
  // The second database is imported into by a role that may not turn triggers off: every trigger fires there.
  const role = `hc_importer_${randomBytes(4).toString('hex')}`;
  await firing.dataSource.query(`CREATE ROLE ${role} LOGIN PASSWORD 'importer'`);
  await firing.dataSource.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  const asImporter = new URL(firing.url);
  asImporter.username = role;
  asImporter.password = 'importer';
  const importer = createDataSource({ url: asImporter.toString(), poolSize: 2 });
  await importer.initialize();
  afterAll(async () => {
    await importer.destroy();
    await firing.dataSource.query(`DROP OWNED BY ${role}`);
    await firing.dataSource.query(`DROP ROLE ${role}`);
  });

  const dir = await mkdtemp(path.join(tmpdir(), 'hc-import-triggers-'));
  const file = (name: string) => path.join(dir, name);
  await writeFile(file('map.csv'), ukcTopicMapCsv());
  // The same two files for both: the first makes citizens that the second finds by phone, one of them confidential.
  await writeUkcFile(file('first.csv'), { rows: 6, firstNumber: 1 });
  await writeUkcFile(file('second.csv'), { rows: 400, firstNumber: 7, unmappedEvery: 50 });

  async function importBoth(ds: DataSource, admin: DataSource) {
    await loadTopicMap(admin, 'ukc1545', file('map.csv'));
    const run = (name: string) =>
      runImport(ds, { format: 'ukc1545', path: file(name), fileName: name, dryRun: false, actor: { userId: null, name: 'test' } });
    await run('first.csv');
    await admin.query(`UPDATE citizens SET confidential = true, address = r.address FROM requests r
                        WHERE r.external_number = '10000004' AND citizens.id = r.citizen_id`);
    return run('second.csv');
  }

  /** Everything an import writes, without the clock's columns. */
  async function written(ds: DataSource) {
    const rows = (table: string, order: string) =>
      ds.query(`SELECT to_jsonb(t) - 'created_at' - 'updated_at' - 'at' - 'finished_at' - 'started_at' AS row FROM ${table} t ORDER BY ${order}`);
    return {
      requests: await rows('requests', 'id'),
      citizens: await rows('citizens', 'id'),
      phones: await rows('citizen_phones', 'citizen_id, phone'),
      events: await rows('request_events', 'id'),
      external: await rows('request_external', 'request_id'),
      words: await rows('search_words', 'word'),
      counters: await rows('request_counters', 'year'),
    };
  }

  it('when one database may skip triggers and the other may not, then both imports write exactly the same rows', async () => {
    const probe = async (ds: DataSource) => {
      const q = ds.createQueryRunner();
      await q.startTransaction();
      try {
        return await mayWriteWithoutTriggers(q);
      } finally {
        await q.rollbackTransaction();
        await q.release();
      }
    };
    expect(await probe(bypassing.dataSource)).toBe(true);
    expect(await probe(importer)).toBe(false);

    const [a, b] = [await importBoth(bypassing.dataSource, bypassing.dataSource), await importBoth(importer, firing.dataSource)];
    expect(a).toMatchObject({ new: 400, rejected: 0, unclassified: 8 });
    expect({ ...b, id: a.id }).toEqual(a);
    const [got, expected] = [await written(bypassing.dataSource), await written(firing.dataSource)];
    expect(got.requests).toHaveLength(406);
    expect(got.words.length).toBeGreaterThan(100);
    expect(got).toEqual(expected);
  });

  it('when a trigger is added to a table the import writes, then this fails until the import stands in for it', async () => {
    const rows: { table: string; name: string }[] = await bypassing.dataSource.query(`
      SELECT t.tgrelid::regclass::text AS table, coalesce(c.conname, t.tgname) AS name
        FROM pg_trigger t LEFT JOIN pg_constraint c ON c.oid = t.tgconstraint
       WHERE t.tgrelid::regclass::text = ANY ($1) AND t.tgtype & 4 <> 0 AND t.tgenabled <> 'D'
       ORDER BY 1, 2`, [Object.keys(STOOD_IN_FOR)]);
    const catalog: Record<string, string[]> = {};
    for (const r of rows) (catalog[r.table] ??= []).push(r.name);
    const ours = Object.fromEntries(Object.entries(STOOD_IN_FOR).map(([table, names]) => [table, [...names].sort()]));
    expect(catalog).toEqual(ours);
  });

  it('when a write without triggers fails, then its own error comes out, not the aborted transaction’s', async () => {
    const q = bypassing.dataSource.createQueryRunner();
    await q.startTransaction();
    try {
      await expect(withoutTriggers(q, true, () => q.query('SELECT 1 / 0'))).rejects.toThrow(/division by zero/);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('when the import locks what its rows refer to, then nobody can delete it meanwhile, and a key gone is a 409', async () => {
    const ds = bypassing.dataSource;
    await ds.query(`INSERT INTO topics (code, parent_code, name_uk, name_en, report_group, deadline) SELECT 'LS.99', parent_code, 'Тимчасова', 'Temporary', report_group, deadline FROM topics WHERE code = 'LS.01'`);
    const q = ds.createQueryRunner();
    await q.startTransaction();
    try {
      await lockReferences(q, [{ table: 'topics', key: 'code', keys: ['LS.99'] }]);
      const other = ds.createQueryRunner();
      await other.startTransaction();
      try {
        await other.query(`SET LOCAL lock_timeout = '200ms'`);
        await expect(other.query(`DELETE FROM topics WHERE code = 'LS.99'`)).rejects.toThrow(/lock timeout/);
      } finally {
        await other.rollbackTransaction();
        await other.release();
      }
      await expect(lockReferences(q, [{ table: 'topics', key: 'code', keys: ['LS.99', 'XX.00'] }])).rejects.toMatchObject({ status: 409, code: 'reference_changed' });
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });
});
