import type PgBoss from 'pg-boss';
import { runScheduledBackup, type ScheduledBackupDeps } from '../ops/backup/scheduled';

export const BACKUP_QUEUE = 'backup-scheduled';

/**
 * BACKUP_CRON on pg-boss: the schedule lives in PostgreSQL and makes one job per tick, which one node takes,
 * so a cluster backs up once, not once per node. Without BACKUP_CRON the schedule is removed.
 */
export async function workBackupJobs(boss: PgBoss, deps: ScheduledBackupDeps, o: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  if (!deps.settings.cron) {
    await boss.unschedule(BACKUP_QUEUE);
    return;
  }
  await boss.schedule(BACKUP_QUEUE, deps.settings.cron, {}, { tz: 'Europe/Kyiv', retryLimit: 0 });
  await boss.work(BACKUP_QUEUE, { pollingIntervalSeconds: o.pollingIntervalSeconds ?? 5 }, async ([job]) => {
    if (!job) return;
    // A failure is recorded and shown (runScheduledBackup never throws): the next tick tries again.
    await runScheduledBackup(deps);
  });
}
