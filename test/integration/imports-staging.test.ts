import type { PoolClient } from 'pg';
import { describe, expect, it } from 'vitest';
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
});
