import PgBoss from 'pg-boss';
import type { Logger } from 'pino';

/**
 * The job queue: pg-boss on the same PostgreSQL (schema `pgboss`). A job is a row, so it outlives a
 * restart, and a worker takes it with SKIP LOCKED, so it runs once however many nodes poll.
 */
export interface Jobs {
  boss: PgBoss;
  stop(): Promise<void>;
}

export const QUEUES = ['consultation-start', 'consultation-missed', 'digest-weekly', 'digest-send', 'retention-daily', 'recordings-retention', 'backup-scheduled', 'citizen-notify', 'outage-spike-scan'] as const;

/** The queues whose jobs are messages to people (the outbox `/metrics` reports); a new channel's queue goes here. */
export const OUTBOX_QUEUES: readonly string[] = ['digest-send', 'citizen-notify'];

export async function startJobs(o: { url: string; log: Logger; poolSize?: number }): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: o.url, max: o.poolSize ?? 2, schema: 'pgboss', application_name: 'hromada-contact-jobs' });
  boss.on('error', (error: Error) => o.log.warn({ err: error }, 'job queue error'));
  await boss.start();
  for (const name of QUEUES) await boss.createQueue(name);
  return {
    boss,
    stop: () => boss.stop({ graceful: true, timeout: 5_000, wait: true }),
  };
}
