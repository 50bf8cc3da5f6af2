import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startJobs } from '../../server/jobs/jobs';
import { SPIKE_QUEUE, workOutageJobs } from '../../server/jobs/outage-jobs';
import { startTestApp } from '../setup/app';
import { useTestDatabase } from '../setup/database';

/** Issue 25 item 3: the spike detector's sweep of the call log is a pg-boss job, scheduled every minute in PostgreSQL. */
describe('the spike detector: the job', async () => {
  const db = await useTestDatabase();
  const log = pino({ level: 'silent' });
  const jobs = await startJobs({ url: db.url, log, poolSize: 2 });
  afterAll(() => jobs.stop());
  const t = await startTestApp({}, { db });
  await workOutageJobs(jobs.boss, t.outages.detector, log, { pollingIntervalSeconds: 0.5 });

  it('when the job starts, then the minute schedule is kept in PostgreSQL', async () => {
    const [schedule] = await db.dataSource.query(`SELECT cron FROM pgboss.schedule WHERE name = $1`, [SPIKE_QUEUE]);
    expect(schedule).toEqual({ cron: '* * * * *' });
  });

  it('when a tick of the job runs after a burst, then a worker scans the call log and raises the suspicion', async () => {
    for (let i = 1; i <= 5; i++) {
      const [c] = await db.dataSource.query('INSERT INTO citizens (full_name, address) VALUES ($1, $2) RETURNING id', [`Мешканець ${i}`, `вул. Гірницька, ${i}`]);
      await db.dataSource.query(
        `INSERT INTO calls (id, citizen_id, queue, queued_at, outcome, wrap_up_kind, wrap_up_topic_code, wrapped_up_at)
         VALUES ($1, $2, 'hotline', now() - make_interval(mins => $3), 'answered', 'consultation', 'HS.04', now())`,
        [`job-${i}`, c.id, i],
      );
    }
    await jobs.boss.send(SPIKE_QUEUE, {});
    await expect.poll(async () => db.dataSource.query(`SELECT street, topic_group AS "topicGroup", calls FROM outage_suspicions`), { timeout: 30_000, interval: 250 })
      .toEqual([{ street: 'вул. Гірницька', topicGroup: 'electricity', calls: 5 }]);
  });
});
