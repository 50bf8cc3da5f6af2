import type { AbandonedOutcomeKind } from '../../../db/entities';
import type { Sql } from '../../citizens/citizens.repository';

/** One caller to call back: every missed call from the number since it was last reached, as one line. */
export interface WorklistRow {
  phone: string;
  attempts: number;
  firstAt: Date;
  lastAt: Date;
  queue: string | null;
  citizenId: number | null;
  citizenName: string | null;
  confidential: boolean;
  callbackAttempts: number;
  lastCallbackAt: Date | null;
  lastCallbackBy: string | null;
  /** The first missed call was before today (Europe/Kyiv): the entry was carried over. */
  carriedOver: boolean;
}

/**
 * Missed inbound calls (hung up in the queue, or never answered) from a callable number that nothing has
 * cleared since: no answered call from or to the number (inbound, or a click-to-call the citizen picked up),
 * and no final outcome (reached, wrong number, not needed). "No answer" leaves the call on the list.
 */
const OPEN_MISSED = `
  SELECT c.caller_number AS phone, c.queue, coalesce(c.queued_at, c.offered_at, c.ended_at) AS at
    FROM calls c
   WHERE c.direction = 'in' AND c.outcome IN ('abandoned', 'unanswered') AND c.caller_number LIKE '+%'
     AND NOT EXISTS (SELECT 1 FROM calls a WHERE a.caller_number = c.caller_number AND a.answered_at IS NOT NULL
                        AND a.answered_at > coalesce(c.queued_at, c.offered_at, c.ended_at))
     AND NOT EXISTS (SELECT 1 FROM abandoned_outcomes o WHERE o.phone = c.caller_number AND o.outcome <> 'no_answer'
                        AND o.at > coalesce(c.queued_at, c.offered_at, c.ended_at))`;

export async function listWorklist(sql: Sql, now: Date): Promise<WorklistRow[]> {
  return sql.query(
    `WITH open AS (${OPEN_MISSED}),
          grouped AS (
            SELECT phone, count(*)::int AS attempts, min(at) AS "firstAt", max(at) AS "lastAt",
                   (array_agg(queue ORDER BY at DESC))[1] AS queue
              FROM open GROUP BY phone)
     SELECT g.*, cit.id AS "citizenId", cit.full_name AS "citizenName", coalesce(cit.confidential, false) AS confidential,
            coalesce(cb.n, 0)::int AS "callbackAttempts", cb.last_at AS "lastCallbackAt", cb.last_by AS "lastCallbackBy",
            g."firstAt" < (date_trunc('day', $1::timestamptz AT TIME ZONE 'Europe/Kyiv') AT TIME ZONE 'Europe/Kyiv') AS "carriedOver"
       FROM grouped g
       LEFT JOIN LATERAL (
         SELECT c.id, c.full_name, c.confidential FROM citizen_phones p JOIN citizens c ON c.id = p.citizen_id
          WHERE p.phone = g.phone ORDER BY c.id DESC LIMIT 1) cit ON true
       LEFT JOIN LATERAL (
         SELECT count(*) AS n, max(o.at) AS last_at, (array_agg(u.full_name ORDER BY o.at DESC))[1] AS last_by
           FROM abandoned_outcomes o JOIN users u ON u.id = o.user_id
          WHERE o.phone = g.phone AND o.outcome = 'no_answer' AND o.at > g."firstAt") cb ON true
      ORDER BY g."firstAt" ASC, g.phone`,
    [now],
  );
}

/**
 * Whether the number still waits for an outcome: a missed call after its last final outcome. A callback the
 * citizen answered clears the list at once, yet the agent still records how it went.
 */
export async function awaitsOutcome(sql: Sql, phone: string): Promise<boolean> {
  const rows: unknown[] = await sql.query(
    `SELECT 1 FROM calls c
      WHERE c.caller_number = $1 AND c.direction = 'in' AND c.outcome IN ('abandoned', 'unanswered')
        AND NOT EXISTS (SELECT 1 FROM abandoned_outcomes o WHERE o.phone = $1 AND o.outcome <> 'no_answer'
                           AND o.at > coalesce(c.queued_at, c.offered_at, c.ended_at))
      LIMIT 1`,
    [phone],
  );
  return rows.length > 0;
}

/** Whether `callId` is a call with this number (the callback the outcome is about). */
export async function callWithNumber(sql: Sql, callId: string, phone: string): Promise<boolean> {
  const rows: unknown[] = await sql.query('SELECT 1 FROM calls WHERE id = $1 AND caller_number = $2', [callId, phone]);
  return rows.length > 0;
}

export interface OutcomeRow {
  id: number;
  phone: string;
  outcome: AbandonedOutcomeKind;
  callId: string | null;
  at: Date;
  by: { id: number; fullName: string };
}

export async function insertOutcome(sql: Sql, o: { phone: string; outcome: AbandonedOutcomeKind; userId: number; callId: string | null }): Promise<OutcomeRow> {
  const [row] = await sql.query(
    `WITH inserted AS (
       INSERT INTO abandoned_outcomes (phone, outcome, user_id, call_id) VALUES ($1, $2, $3, $4)
       RETURNING id, phone, outcome, call_id, at, user_id)
     SELECT i.id, i.phone, i.outcome, i.call_id AS "callId", i.at, json_build_object('id', u.id, 'fullName', u.full_name) AS by
       FROM inserted i JOIN users u ON u.id = i.user_id`,
    [o.phone, o.outcome, o.userId, o.callId],
  );
  return row;
}

/** Classifies an agent's own unclassified click-to-call as `callback`; false when it is not one (or already classified). */
export async function classifyCallback(sql: Sql, callId: string, userId: number): Promise<boolean> {
  const rows: unknown[] = await sql.query(
    `UPDATE calls SET wrap_up_kind = 'callback', wrapped_up_at = now()
      WHERE id = $1 AND agent_user_id = $2 AND direction = 'out' AND wrap_up_kind IS NULL RETURNING id`,
    [callId, userId],
  );
  return rows.length > 0;
}
