import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ukcTopicMapCsv, writeUkcFile } from '../../db/seed/appeal-files';
import { createAuditService } from '../../server/audit/audit.service';
import { runImport } from '../../server/imports/imports.service';
import { loadTopicMap } from '../../server/imports/topic-map';
import { yearlyReport } from '../../server/reports/yearly.service';
import { runRetention } from '../../server/retention/retention.service';
import { useTestDatabase } from '../setup/database';

/** Issue 21 item 2: anonymising what expired must not move one figure of a published yearly report. */
describe('retention and the yearly report', async () => {
  const { dataSource } = await useTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-retention-report-'));

  it('when the 2021 appeals imported from 1545\'s files expire and their citizens are anonymised, then the 2021 and 2022 reports are the same', async () => {
    await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
    await loadTopicMap(dataSource, 'ukc1545', path.join(dir, 'map.csv'));
    await writeUkcFile(path.join(dir, '2021.csv'), { rows: 800, year: 2021 });
    const summary = await runImport(dataSource, { format: 'ukc1545', path: path.join(dir, '2021.csv'), fileName: '2021.csv', dryRun: false, actor: { userId: null, name: 'test' } });
    expect(summary).toMatchObject({ outcome: 'imported', new: 800 });
    // Handled as the year went: each closed 15 days after it came, with the results the state form counts.
    await dataSource.query(`
      UPDATE requests SET status = 'closed', closed_at = received_at + interval '15 days',
             result = (ARRAY['resolved', 'explained', 'refused'])[1 + id % 3], executor_id = (SELECT id FROM executors WHERE code = 'WATER')`);
    const reports = async () => ({ y2021: await yearlyReport(dataSource, { year: 2021 }), y2022: await yearlyReport(dataSource, { year: 2022 }) });
    const before = await reports();
    expect(before.y2021.appeals.current).toBe(800);

    const outcome = await runRetention(dataSource, createAuditService(dataSource), { trigger: 'manual' });

    // Closed more than five years ago by the clock of the run; the rest waits its turn.
    const [{ expected }] = await dataSource.query(`
      SELECT count(DISTINCT citizen_id)::int AS expected FROM requests r WHERE citizen_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM requests o WHERE o.citizen_id = r.citizen_id AND o.closed_at >= now() - interval '5 years')`);
    expect(expected).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ ran: { status: 'done', anonymised: expected } });
    expect(await reports()).toEqual(before);
  }, 180_000);
});
