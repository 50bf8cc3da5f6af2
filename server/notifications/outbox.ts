import type { Sql } from '../citizens/citizens.repository';

export const CHANNELS = ['email', 'sms', 'telegram'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The moments a citizen is told of: registration, a (new) executor, the work done, the request closed. */
export const NOTICE_EVENTS = ['registered', 'assigned', 'done', 'closed'] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

/** Which notice a change calls for, if any: a new executor, or a new status (a return for rework is the citizen's own act). */
export function noticeFor(action: string, from: string, to: string): NoticeEvent | null {
  if (action === 'assign') return 'assigned';
  if (to === from) return null;
  if (to === 'done') return 'done';
  if (to === 'closed' || to === 'forwarded' || to === 'cancelled') return 'closed';
  return null;
}

/**
 * Writes the notices a change calls for, one per channel the applicant consented to, inside the transaction
 * of the change itself (the transactional outbox): a change that rolls back tells nobody, one that commits is
 * never forgotten. The text is written when it is sent, so that nothing personal waits in this table.
 */
export async function queueNotices(sql: Sql, requestId: number, event: NoticeEvent): Promise<number> {
  const rows: unknown[] = await sql.query(
    `INSERT INTO notification_outbox (request_id, citizen_id, event, channel)
     SELECT r.id, c.citizen_id, $2, c.channel
       FROM requests r JOIN notification_consents c ON c.citizen_id = r.citizen_id AND c.consented
      WHERE r.id = $1
     RETURNING id`,
    [requestId, event],
  );
  return rows.length;
}
