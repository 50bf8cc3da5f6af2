import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditService } from '../../server/audit/audit.service';
import { startJobs } from '../../server/jobs/jobs';
import { retentionQueue, workRetentionJobs } from '../../server/jobs/retention-jobs';
import { body, startTestApp } from '../setup/app';
import { useTestDatabase } from '../setup/database';

/** Issue 21 item 2: the retention run is a pg-boss job: scheduled daily in PostgreSQL, and "run now" takes the same path. */
describe('retention: the job', async () => {
  const db = await useTestDatabase();
  const log = pino({ level: 'silent' });
  const jobs = await startJobs({ url: db.url, log, poolSize: 2 });
  afterAll(() => jobs.stop());
  const t = await startTestApp({ retention: { queue: retentionQueue(jobs.boss) } }, { db });
  const admin = await t.login({ role: 'admin' });
  await workRetentionJobs(jobs.boss, { dataSource: db.dataSource, audit: createAuditService(db.dataSource), log, node: 'test-node' }, { pollingIntervalSeconds: 0.5 });

  it('when the job starts, then the daily schedule is kept in PostgreSQL in Kyiv time', async () => {
    const [schedule] = await db.dataSource.query(`SELECT cron, timezone FROM pgboss.schedule WHERE name = 'retention-daily'`);
    expect(schedule).toEqual({ cron: '30 2 * * *', timezone: 'Europe/Kyiv' });
  });

  it('when an admin asks for a run now, then it is queued (202, audited) and a worker runs it and records it', async () => {
    await db.dataSource.query(`INSERT INTO citizens (full_name, created_at) VALUES ('Давній Запис', now() - interval '4 years')`);
    const res = await t.fetch('/api/admin/retention/run', { method: 'POST', cookie: admin.cookie });
    expect(res.status).toBe(202);
    expect(await body(res)).toEqual({ queued: true });
    await expect.poll(async () => (await db.dataSource.query(`SELECT status, trigger, node, anonymised FROM retention_runs`)), { timeout: 30_000, interval: 250 })
      .toEqual([{ status: 'done', trigger: 'manual', node: 'test-node', anonymised: 1 }]);
    const [audit] = await db.dataSource.query(`SELECT user_id FROM audit_log WHERE action = 'retention_run'`);
    expect(audit.user_id).toBe(admin.user.id);
  }, 60_000);
});
