import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { leastEffective } from '../../reports/ratings/ratings.service';
import { lateExecutors, overdueOf } from '../overdue/overdue.repository';
import { executorDigest, rankingDigest } from './digest-content';
import type { DigestMailer } from './digest-mailer';
import { executorById, recordRun, type DigestKind } from './digests.repository';

/** One message of the weekly digest: an executor's overdue list, or the ranking for the deputy mayors. */
export interface DigestJob {
  kind: DigestKind;
  week: string;
  executorId?: number;
}

const DAY_MS = 86_400_000;

/** The Monday (Kyiv) of the week `now` is in: the digest's name, and the key that makes a week's send once. */
export function weekOf(now: Date): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' }).format(now);
  const noon = new Date(`${today}T12:00:00Z`);
  return new Date(noon.getTime() - ((noon.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
}

export interface DigestServiceDeps {
  dataSource: DataSource;
  mailer: DigestMailer | null;
  /** The deputy mayors' addresses (DIGEST_RANKING_TO). */
  rankingTo: string[];
  log: Logger;
  /** Told of every attempt recorded, so open digests pages update without a reload. */
  onRecorded?: (week: string) => void;
}

/**
 * Items 4.4 and 4.5 of the seed decision, one message at a time. Every attempt is recorded; an SMTP failure
 * is recorded and thrown, so that the job queue tries again later; a digest nobody can receive (no SMTP, no
 * address) is recorded as not sent and not retried.
 */
export function createDigestService(deps: DigestServiceDeps) {
  const { dataSource, log } = deps;

  async function deliver(job: DigestJob, attempt: number, to: string[], build: () => Promise<{ items: number; mail: Parameters<DigestMailer['send']>[1] }>) {
    try {
      await attemptDelivery(job, attempt, to, build);
    } finally {
      deps.onRecorded?.(job.week);
    }
  }

  async function attemptDelivery(job: DigestJob, attempt: number, to: string[], build: () => Promise<{ items: number; mail: Parameters<DigestMailer['send']>[1] }>) {
    const base = { kind: job.kind, week: job.week, executorId: job.executorId ?? null, recipients: to, attempt };
    const { items, mail } = await build();
    const refuse = !deps.mailer ? 'SMTP is not configured (SMTP_URL)' : to.length === 0 ? 'no e-mail address to send to' : null;
    if (refuse) return recordRun(dataSource, { ...base, items, status: 'failed', error: refuse });
    try {
      await deps.mailer!.send(to, mail);
    } catch (error) {
      const message = (error as Error).message || String(error);
      await recordRun(dataSource, { ...base, items, status: 'failed', error: message.slice(0, 500) });
      log.warn({ err: error, digest: job, attempt }, 'digest not sent; the job queue will try again');
      throw error;
    }
    await recordRun(dataSource, { ...base, items, status: 'sent', error: null });
    log.info({ digest: job, to: to.length, items }, 'digest sent');
  }

  return {
    /** What this week's digest consists of: one message per executor with overdue requests, and the ranking. */
    async plan(now: Date): Promise<DigestJob[]> {
      const week = weekOf(now);
      const late = await lateExecutors(dataSource, now);
      return [...late.map((e) => ({ kind: 'executor' as const, week, executorId: e.id })), { kind: 'ranking' as const, week }];
    },

    async send(job: DigestJob, attempt: number, now = new Date()): Promise<void> {
      if (job.kind === 'ranking') {
        return deliver(job, attempt, deps.rankingTo, async () => {
          const ranking = await leastEffective(dataSource, now);
          return { items: ranking.items.length, mail: await rankingDigest(job.week, ranking) };
        });
      }
      const executor = await executorById(dataSource, job.executorId ?? 0);
      if (!executor) return;
      const rows = await overdueOf(dataSource, executor.id, now);
      // Caught up since the digest was planned: nothing to tell them.
      if (rows.length === 0) return;
      return deliver(job, attempt, executor.email ? [executor.email] : [], async () => ({ items: rows.length, mail: await executorDigest(executor, job.week, rows, now) }));
    },
  };
}
export type DigestService = ReturnType<typeof createDigestService>;
