import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yearlyReport } from '../../server/reports/yearly.service';
import { useTestDatabase } from '../setup/database';

/**
 * The report places appeals in months by comparing with the month starts instead of converting every timestamp
 * to Kyiv time; on any set of appeals both must give the same counts, around DST switches and year ends too.
 */
describe('the yearly report: appeals by Kyiv month', async () => {
  const { dataSource } = await useTestDatabase();
  // Instants within a day of a month start (where a wrong offset would move an appeal: within three hours), and anywhere else.
  const nearMonthStart = fc.record({ y: fc.constantFrom(2019, 2020, 2021, 2022), m: fc.integer({ min: 1, max: 12 }), minutes: fc.integer({ min: -180, max: 180 }) })
    .map(({ y, m, minutes }) => new Date(Date.UTC(y, m - 1, 1) - 2 * 3_600_000 + minutes * 60_000));
  const anywhere = fc.date({ min: new Date('2019-12-30T00:00:00Z'), max: new Date('2022-01-02T00:00:00Z'), noInvalidDate: true });
  const appeals = fc.array(fc.record({ at: fc.oneof(nearMonthStart, anywhere), addressee: fc.constantFrom('city_leadership', 'department') }), { minLength: 5, maxLength: 60 });

  it('when appeals fall anywhere in or around two years, then each month counts exactly those received in it in Kyiv', async () => {
    await fc.assert(fc.asyncProperty(appeals, fc.constantFrom(undefined, 'department'), async (rows, addressee) => {
      await dataSource.query('DELETE FROM requests');
      await dataSource.query(`
        INSERT INTO requests (number, received_at, source, topic_code, addressee, description, status)
        SELECT 'M-' || i, r.at, 'written', 'HS.06', r.addressee, 'x', 'registered'
          FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (at timestamptz, addressee text)) WITH ORDINALITY AS r(at, addressee, i)`,
        [JSON.stringify(rows.map((r) => ({ at: r.at.toISOString(), addressee: r.addressee })))]);
      const expected: { year: number; month: number; n: number }[] = await dataSource.query(`
        SELECT extract(year FROM received_at AT TIME ZONE 'Europe/Kyiv')::int AS year,
               extract(month FROM received_at AT TIME ZONE 'Europe/Kyiv')::int AS month, count(*)::int AS n
          FROM requests WHERE $1::text IS NULL OR addressee = $1 GROUP BY 1, 2`, [addressee ?? null]);
      const count = (year: number, month: number) => expected.find((e) => e.year === year && e.month === month)?.n ?? 0;
      const { byMonth } = await yearlyReport(dataSource, { year: 2021, addressee });
      expect(byMonth).toEqual(Array.from({ length: 12 }, (_, i) => ({ month: i + 1, current: count(2021, i + 1), previous: count(2020, i + 1) })));
    }), { numRuns: 40 });
  });
});
