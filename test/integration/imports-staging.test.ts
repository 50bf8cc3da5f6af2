import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ukcTopicMapCsv, writeUkcFile } from '../../db/seed/appeal-files';
import { runImport } from '../../server/imports/imports.service';
import { loadTopicMap } from '../../server/imports/topic-map';
import type { ImportRow } from '../../server/imports/rows';
import { createStaging } from '../../server/imports/staging.repository';
import { useTestDatabase } from '../setup/database';

/** What a year's file costs per batch must not stay behind: the staging stream is held for the whole file. */
describe('imports: staging a file with COPY', async () => {
  const { dataSource } = await useTestDatabase();

  const row = (n: number): ImportRow => ({
    row: n, source: 'ukc1545', external_number: String(10_000_000 + n), received_at: '2021-03-01T10:00:00.000Z', category: 'appeal',
    addressee: 'city_leadership', kind: 'application', subject: 'individual', signatories: null, topic_code: 'HS.01', unmapped: null,
    description: `Немає води в будинку ${n}`.repeat(8), citizen_name: 'Коваленко Олена', phones: ['+380671000001'], address: 'вул. Шевченка, 1',
    district_code: null, citizen_category: null, executor_id: null, due_at: null, flags: [], status: null, result: null, closed_at: null,
    satisfaction: null, own: { extStatus: 'На виконанні' },
  });

  it('when 40 batches wait for the connection to drain, then no listener is left on the COPY stream per batch', async () => {
    const q = dataSource.createQueryRunner();
    const client = (await q.connect()) as PoolClient;
    // The real client and its real COPY stream; only kept in hand here, to count what hangs on it.
    let copy: NodeJS.EventEmitter | undefined;
    const watched = new Proxy(client, {
      get: (target, key) => (key === 'query' ? (s: unknown) => (copy = target.query(s as never) as unknown as NodeJS.EventEmitter) : Reflect.get(target, key)),
    });
    try {
      await q.startTransaction();
      const staging = createStaging(q, watched);
      await staging.create();
      const stream = staging.open();
      const errorListeners: number[] = [];
      for (let batch = 0; batch < 40; batch++) {
        // A batch of 200 rows is ~200 KB, past the stream's 16 KB mark: every add waits for 'drain'.
        await stream.add(Array.from({ length: 200 }, (_, i) => row(batch * 200 + i)));
        errorListeners.push(copy!.listenerCount('error'));
      }
      await stream.end();
      const [{ n }] = await q.query('SELECT count(*)::int AS n FROM import_rows');
      expect(n).toBe(8_000);
      expect(Math.max(...errorListeners)).toBe(errorListeners[0]);
      expect(errorListeners[0]).toBeLessThanOrEqual(3);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('when the same file comes again, then its unchanged rows are not offered to request_external (none of them is locked or rewritten)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hc-import-again-'));
    afterAll(() => rm(dir, { recursive: true, force: true }));
    await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
    await loadTopicMap(dataSource, 'ukc1545', path.join(dir, 'map.csv'));
    await writeUkcFile(path.join(dir, 'a.csv'), { rows: 500, firstNumber: 3 });
    const run = () => runImport(dataSource, { format: 'ukc1545', path: path.join(dir, 'a.csv'), fileName: 'a.csv', dryRun: false, actor: { userId: null, name: 'test' } });
    await run();
    const again = await run();
    expect(again).toMatchObject({ outcome: 'imported', new: 0, updated: 0, unchanged: 500 });
    // ON CONFLICT ... DO UPDATE WHERE false still locks each row it meets: its xmax would be the second import's.
    const [x] = await dataSource.query(`SELECT count(*)::int AS rows, count(*) FILTER (WHERE e.xmax::text <> '0')::int AS touched
                                          FROM request_external e JOIN requests r ON r.id = e.request_id WHERE r.external_number LIKE '3%'`);
    expect(x).toEqual({ rows: 500, touched: 0 });
  });
});
