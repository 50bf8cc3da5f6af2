import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { runRetention } from '../retention/retention.service';

const DAILY = 'retention-daily';
export const DEFAULT_RETENTION_CRON = '30 2 * * *';

export interface RetentionQueue {
  /** A run now (an admin's "run now"): the same job as the schedule's, so it too runs once across nodes. */
  runNow(): Promise<void>;
}

export function retentionQueue(boss: PgBoss): RetentionQueue {
  return { runNow: async () => void (await boss.send(DAILY, { trigger: 'manual' }, { retryLimit: 3, retryDelay: 600, expireInSeconds: 6 * 3600 })) };
}

/**
 * The daily retention run on pg-boss: the cron lives in PostgreSQL and fires once whatever the nodes; the run
 * itself holds an advisory lock, so a "run now" meeting the schedule waits its turn as `busy`. A node that dies
 * mid-run leaves its job active until it expires; pg-boss then retries it and the retry finishes the run.
 */
export async function workRetentionJobs(boss: PgBoss, deps: { dataSource: DataSource; audit: AuditService; log: Logger; node: string }, o: { cron?: string; pollingIntervalSeconds?: number } = {}): Promise<void> {
  await boss.schedule(DAILY, o.cron ?? DEFAULT_RETENTION_CRON, { trigger: 'schedule' }, { tz: 'Europe/Kyiv', retryLimit: 3, retryDelay: 600, expireInSeconds: 6 * 3600 });
  await boss.work<{ trigger?: 'schedule' | 'manual' }>(DAILY, { pollingIntervalSeconds: o.pollingIntervalSeconds ?? 30 }, async ([job]) => {
    if (!job) return;
    const outcome = await runRetention(deps.dataSource, deps.audit, { trigger: job.data.trigger ?? 'schedule', node: deps.node });
    if ('busy' in outcome) deps.log.info('retention: another run holds the lock');
    else deps.log.info({ run: outcome.ran.id, anonymised: outcome.ran.anonymised, held: outcome.ran.held, deleted: outcome.ran.deleted }, 'retention run done');
  });
}
