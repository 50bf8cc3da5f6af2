import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { purgeRecordings } from '../calls/recording/retention';

export const RECORDINGS_RETENTION = 'recordings-retention';

/**
 * The recordings' retention on pg-boss: a cron kept in PostgreSQL fires one job a night (03:30 Kyiv), which one
 * node takes, so files are deleted once however many nodes run. A run that fails is tried again.
 */
export async function workRecordingJobs(boss: PgBoss, o: { dataSource: DataSource; dir: string; retentionDays: number; log: Logger; cron?: string; pollingIntervalSeconds?: number }): Promise<void> {
  await boss.schedule(RECORDINGS_RETENTION, o.cron ?? '30 3 * * *', {}, { tz: 'Europe/Kyiv', retryLimit: 3, retryDelay: 600 });
  await boss.work(RECORDINGS_RETENTION, { pollingIntervalSeconds: o.pollingIntervalSeconds ?? 30 }, async ([job]) => {
    if (!job) return;
    const result = await purgeRecordings(o.dataSource, { dir: o.dir, retentionDays: o.retentionDays });
    o.log.info(result, 'recordings past their retention deleted');
  });
}
