import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';

export const SPIKE_QUEUE = 'outage-spike-scan';

/**
 * The spike detector's sweep of the call log every minute, on pg-boss: one job per tick that one node takes, so
 * a cluster scans once a minute, not once per node. Classifications between ticks scan at once on their own node
 * (spike-detector `soon`); the scans' advisory lock and the one open suspicion per street keep that to one.
 */
export async function workOutageJobs(boss: PgBoss, detector: { scan(): Promise<unknown> }, log: Logger, o: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await boss.schedule(SPIKE_QUEUE, '* * * * *', {}, { retryLimit: 0, expireInSeconds: 50 });
  await boss.work(SPIKE_QUEUE, { pollingIntervalSeconds: o.pollingIntervalSeconds ?? 5 }, async ([job]) => {
    if (!job) return;
    await detector.scan().catch((e: Error) => log.warn({ err: e }, 'outage spike scan failed'));
  });
}
