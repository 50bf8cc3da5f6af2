import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DigestJob, DigestService } from '../supervisor/digests/digests.service';

const WEEKLY = 'digest-weekly';
const SEND = 'digest-send';

export interface DigestSchedule {
  /** When the weekly digest goes out (DIGEST_CRON), in Kyiv time. */
  cron: string;
  /** How often a failed send is tried again, and the first pause (seconds; doubled each time). */
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
}

export const defaultDigestSchedule: DigestSchedule = { cron: '0 8 * * 1', retryLimit: 12, retryDelaySeconds: 60, retryBackoff: true };

export interface DigestQueue {
  /** The weekly run now (a supervisor's "send now"); the same path as the schedule's. */
  runNow(): Promise<void>;
}

/** The queues themselves are created at start (jobs.ts `QUEUES`). */
export function digestQueue(boss: PgBoss): DigestQueue {
  return {
    async runNow() {
      await boss.send(WEEKLY, {}, { retryLimit: 5, retryDelay: 30 });
    },
  };
}

/**
 * The weekly digest on pg-boss: the schedule (a cron kept in PostgreSQL, fired once across nodes) makes one
 * `digest-weekly` job; that job plans the week and queues one `digest-send` per message. A send that fails
 * (SMTP down) throws and pg-boss tries it again later, so a digest is not lost to an outage or a restart.
 */
export async function workDigestJobs(boss: PgBoss, service: DigestService, log: Logger, o: Partial<DigestSchedule> & { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const s = { ...defaultDigestSchedule, ...o };
  const pollingIntervalSeconds = o.pollingIntervalSeconds ?? 5;
  await boss.schedule(WEEKLY, s.cron, {}, { tz: 'Europe/Kyiv' });
  await boss.work(WEEKLY, { pollingIntervalSeconds }, async ([job]) => {
    if (!job) return;
    const messages = await service.plan(new Date());
    for (const m of messages) {
      const key = m.kind === 'ranking' ? `ranking@${m.week}` : `executor:${m.executorId}@${m.week}`;
      await boss.send(SEND, m, { singletonKey: key, retryLimit: s.retryLimit, retryDelay: s.retryDelaySeconds, retryBackoff: s.retryBackoff });
    }
    log.info({ messages: messages.length }, 'weekly digest planned');
  });
  await boss.work<DigestJob>(SEND, { pollingIntervalSeconds, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    await service.send(job.data, job.retryCount + 1);
  });
}
