import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../setup/database';

/**
 * "The latest citizen with this number" (registration, click-to-call) right after a bulk load, before the
 * statistics know the new rows: the planner must still take the phone index, not walk the primary key.
 */
describe('phone lookup: the plan right after a bulk load', async () => {
  const { dataSource } = await useTestDatabase();

  it('when 50,000 citizens were just loaded and not analysed, then a number is looked up in the phone index', async () => {
    await dataSource.query(`INSERT INTO citizens (id, full_name) SELECT 1000000 + g, 'Тест ' || g FROM generate_series(1, 50000) g`);
    await dataSource.query(`INSERT INTO citizen_phones (citizen_id, phone) SELECT 1000000 + g, '+38067' || lpad(g::text, 7, '0') FROM generate_series(1, 50000) g`);
    for (const phone of ['+380670000007', '+380999999999']) {
      const plan = (await dataSource.query(
        'EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT citizen_id AS id FROM citizen_phones WHERE phone = $1 ORDER BY citizen_id DESC LIMIT 1', [phone],
      )).map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('Index Only Scan Backward using citizen_phones_phone');
      // A few pages, not the walk of every citizen's key (hundreds of pages at this size).
      expect(Number(/shared hit=(\d+)/.exec(plan)?.[1] ?? 0)).toBeLessThan(10);
    }
  });
});
