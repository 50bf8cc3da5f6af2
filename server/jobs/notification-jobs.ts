import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { NoticeSender } from '../notifications/sender';

export const NOTIFY_QUEUE = 'citizen-notify';

export interface NoticeRetry {
  /** Tries after the first, and the first pause (seconds; doubled each time with backoff). */
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
}
const BATCH = 16;
const PARALLEL = 4;

export const defaultNoticeRetry: NoticeRetry = { retryLimit: 10, retryDelaySeconds: 30, retryBackoff: true };

/**
 * Moves pending outbox rows onto the job queue: the job is inserted in the same transaction that marks the row
 * queued (pg-boss's `db` option), and rows are taken with SKIP LOCKED, so however many nodes relay, each row
 * becomes exactly one job. Returns how many it moved.
 */
export async function relayOutbox(dataSource: DataSource, boss: PgBoss, retry: NoticeRetry = defaultNoticeRetry): Promise<number> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    const rows: { id: string }[] = await runner.query(
      `SELECT id FROM notification_outbox WHERE status = 'pending' ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED`,
    );
    const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values, true)).records }) };
    for (const { id } of rows) {
      await boss.send(NOTIFY_QUEUE, { outboxId: Number(id) }, {
        db, retryLimit: retry.retryLimit, retryDelay: retry.retryDelaySeconds, retryBackoff: retry.retryBackoff,
      });
    }
    if (rows.length) await runner.query(`UPDATE notification_outbox SET status = 'queued', queued_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    await runner.commitTransaction();
    return rows.length;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** The relay every `intervalMs` on this node, and the worker that sends (once across nodes: pg-boss). */
export async function workNotificationJobs(
  boss: PgBoss, o: { dataSource: DataSource; send: NoticeSender; log: Logger; intervalMs?: number; pollingIntervalSeconds?: number; retry?: Partial<NoticeRetry> },
): Promise<() => void> {
  const retry = { ...defaultNoticeRetry, ...o.retry };
  // A batch a poll, sent a few at a time: one job a poll would send two notices a second; all at once would take
  // a pooled connection each (a row stays locked while it is sent) and starve the console.
  let workerId: string | null = null;
  // Woken when the relay has moved rows, and again at once after a full batch: a burst is not paced by the polling.
  const wake = () => workerId && boss.notifyWorker(workerId);
  workerId = await boss.work<{ outboxId: number }>(NOTIFY_QUEUE, { pollingIntervalSeconds: o.pollingIntervalSeconds ?? 2, includeMetadata: true, batchSize: BATCH }, async (jobs) => {
    for (let i = 0; i < jobs.length; i += PARALLEL) {
      await Promise.all(jobs.slice(i, i + PARALLEL).map(async (job) => {
        try {
          await o.send(job.data.outboxId, job.retryCount >= job.retryLimit);
        } catch (error) {
          // Failed alone, so that pg-boss retries this one with its backoff and completes the rest of the batch.
          await boss.fail(NOTIFY_QUEUE, job.id, { message: (error as Error).message });
        }
      }));
    }
    if (jobs.length === BATCH) wake();
  });
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    relayOutbox(o.dataSource, boss, retry)
      .then((moved) => moved > 0 && wake())
      // A database outage only delays the notices: the rows wait as `pending` for the next round.
      .catch((error: Error) => o.log.warn({ err: error }, 'notification outbox not relayed'))
      .finally(() => (busy = false));
  }, o.intervalMs ?? 1_000);
  timer.unref();
  return () => clearInterval(timer);
}
