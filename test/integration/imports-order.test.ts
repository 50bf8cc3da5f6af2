import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ukcTopicMapCsv, writeUkcFile } from '../../db/seed/appeal-files';
import { importWorkMem, runImport } from '../../server/imports/imports.service';
import { loadTopicMap } from '../../server/imports/topic-map';
import { useTestDatabase } from '../setup/database';

/** What keeps a year's file (1.2 M rows) in time: the new rows go where the indexes grow, and nothing spills. */
describe('imports: a big file is written in time order', async () => {
  const { dataSource } = await useTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-import-order-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
  await loadTopicMap(dataSource, 'ukc1545', path.join(dir, 'map.csv'));

  it('when a file creates its applicants, then their ids follow their first request in time, as the requests do', async () => {
    // The generator's rows are out of time order (row i falls on day 7i mod 365), and their phones are in row order.
    await writeUkcFile(path.join(dir, 'a.csv'), { rows: 3_000, unmappedEvery: 50 });
    const s = await runImport(dataSource, { format: 'ukc1545', path: path.join(dir, 'a.csv'), fileName: 'a.csv', dryRun: false, actor: { userId: null, name: 'test' } });
    expect(s).toMatchObject({ outcome: 'imported', new: 3_000 });
    const [o] = await dataSource.query(`
      SELECT count(*)::int AS requests, count(DISTINCT citizen_id)::int AS applicants,
             count(*) FILTER (WHERE received_at < prev_at)::int AS time_back, count(*) FILTER (WHERE citizen_id < prev_citizen)::int AS applicant_back
        FROM (SELECT received_at, citizen_id, lag(received_at) OVER w AS prev_at, lag(citizen_id) OVER w AS prev_citizen
                FROM requests WHERE source = 'ukc1545' WINDOW w AS (ORDER BY id)) r`);
    expect(o).toEqual({ requests: 3_000, applicants: 3_000, time_back: 0, applicant_back: 0 });
  });

  it('when the file is bigger, then its sorts get more memory, from 64 MB up to 256 MB', () => {
    expect(importWorkMem(200 * 1024)).toBe(64);
    expect(importWorkMem(150 * 1024 * 1024)).toBe(150);
    expect(importWorkMem(273 * 1024 * 1024)).toBe(256);
  });
});
