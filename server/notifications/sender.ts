import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { NoticeChannels } from './channels';
import { noticeText, statusLink } from './messages';
import type { Channel, NoticeEvent } from './outbox';

export interface SenderDeps {
  dataSource: DataSource;
  channels: NoticeChannels;
  /** Where the status page is (`https://contact.example`): the link every notice carries. */
  statusBaseUrl: string;
  log: Logger;
}

interface OutboxRow {
  id: string;
  requestId: number;
  status: string;
  channel: Channel;
  event: NoticeEvent;
  citizenId: number;
  number: string;
  requestStatus: string;
  executorName: string | null;
  dueAt: Date | null;
}

export type Delivery = 'sent' | 'already_done' | 'skipped';

/**
 * Sends one outbox row. The row stays locked while it is sent, so a second worker given the same row (a job
 * redelivered after a crash) waits and then finds it sent: a notice goes once. The consent is read at this
 * moment: a citizen who withdrew it since the notice was written gets nothing. A failure is written down (the
 * console shows "not delivered yet") and thrown, so pg-boss tries again with its backoff; after the last try
 * the row is `failed` and stays in the outbox.
 */
export function createNoticeSender(d: SenderDeps) {
  return async function deliver(outboxId: number, lastTry: boolean): Promise<Delivery> {
    let failure: Error | null = null;
    const outcome = await d.dataSource.transaction(async (m): Promise<Delivery> => {
      const [row]: OutboxRow[] = await m.query(
        `SELECT o.id, o.request_id AS "requestId", o.status, o.channel, o.event, o.citizen_id AS "citizenId", r.number, r.status AS "requestStatus",
                e.name_uk AS "executorName", r.due_at AS "dueAt"
           FROM notification_outbox o JOIN requests r ON r.id = o.request_id LEFT JOIN executors e ON e.id = r.executor_id
          WHERE o.id = $1 FOR UPDATE OF o`,
        [outboxId],
      );
      if (!row || row.status === 'sent' || row.status === 'skipped' || row.status === 'failed') return 'already_done';
      // In order on each channel: "closed" never before "done", whichever node takes which job first.
      const [earlier] = await m.query(
        `SELECT 1 FROM notification_outbox WHERE request_id = $1 AND channel = $2 AND id < $3 AND status IN ('pending', 'queued') LIMIT 1`,
        [row.requestId, row.channel, outboxId],
      );
      if (earlier && !lastTry) {
        failure = new Error('an earlier notice on this channel is not delivered yet');
        return 'already_done';
      }
      const [consent] = await m.query('SELECT address, consented FROM notification_consents WHERE citizen_id = $1 AND channel = $2', [row.citizenId, row.channel]);
      if (!consent?.consented || !consent.address) {
        await m.query(`UPDATE notification_outbox SET status = 'skipped', last_error = 'consent withdrawn' WHERE id = $1`, [outboxId]);
        return 'skipped';
      }
      const message = noticeText({
        number: row.number, event: row.event, status: row.requestStatus, executorName: row.executorName,
        dueAt: row.dueAt && new Date(row.dueAt), link: statusLink(d.statusBaseUrl, row.number),
      });
      try {
        const channel = d.channels[row.channel];
        if (!channel) throw new Error(`${row.channel} is not configured`);
        await channel.send(consent.address, message);
      } catch (error) {
        failure = error as Error;
        await m.query(
          `UPDATE notification_outbox SET attempts = attempts + 1, last_attempt_at = now(), last_error = $2, status = $3 WHERE id = $1`,
          [outboxId, String(failure.message).slice(0, 500), lastTry ? 'failed' : 'queued'],
        );
        return 'already_done';
      }
      await m.query(
        `UPDATE notification_outbox SET status = 'sent', text = $2, sent_at = now(), attempts = attempts + 1, last_attempt_at = now(), last_error = NULL
          WHERE id = $1`,
        [outboxId, message.text],
      );
      return 'sent';
    });
    if (failure) {
      d.log.warn({ err: failure, outboxId, lastTry }, 'citizen notice not delivered');
      throw failure;
    }
    return outcome;
  };
}
export type NoticeSender = ReturnType<typeof createNoticeSender>;
