import type { Sql } from '../citizens/citizens.repository';

/** What one telephony event tells the log about a call; absent fields change nothing. */
export interface CallFacts {
  id: string;
  callerNumber?: string | null;
  callerName?: string | null;
  queue?: string | null;
  direction?: 'in' | 'out';
  queuedAt?: string | null;
  offeredAt?: string | null;
  /** The member the call rings at or talks to, and its user. */
  interface?: string | null;
  agentUserId?: number | null;
  answeredAt?: string | null;
  holdSeconds?: number | null;
}

/**
 * Idempotent upsert keyed by the Linkedid: the same event twice, events out of order, or a resync repeating
 * what events already said all leave one row. First-seen times win, the longest wait; an answered call keeps its agent.
 */
export async function upsertCall(sql: Sql, f: CallFacts): Promise<void> {
  await sql.query(
    `INSERT INTO calls (id, caller_number, caller_name, queue, direction, queued_at, offered_at, interface, agent_user_id,
                        answered_at, hold_seconds, outcome)
     VALUES ($1, $2, $3, $4, coalesce($5, 'in'), $6, $7, $8, $9, $10, $11, 'in_progress')
     ON CONFLICT (id) DO UPDATE SET
       caller_number = coalesce(calls.caller_number, EXCLUDED.caller_number),
       caller_name = coalesce(calls.caller_name, EXCLUDED.caller_name),
       queue = coalesce(calls.queue, EXCLUDED.queue),
       queued_at = least(calls.queued_at, EXCLUDED.queued_at),
       offered_at = least(calls.offered_at, EXCLUDED.offered_at),
       interface = CASE WHEN calls.answered_at IS NULL OR EXCLUDED.answered_at IS NOT NULL
                        THEN coalesce(EXCLUDED.interface, calls.interface) ELSE calls.interface END,
       agent_user_id = CASE WHEN calls.answered_at IS NULL OR EXCLUDED.answered_at IS NOT NULL
                        THEN coalesce(EXCLUDED.agent_user_id, calls.agent_user_id) ELSE calls.agent_user_id END,
       answered_at = least(calls.answered_at, EXCLUDED.answered_at),
       -- A wait only grows: a resync's answer (the PBX no longer says how long the caller waited: 0) never shortens
       -- it, and Asterisk's HoldTime on the agent's connect replaces an earlier event's 0.
       hold_seconds = greatest(calls.hold_seconds, EXCLUDED.hold_seconds)`,
    [f.id, f.callerNumber ?? null, f.callerName ?? null, f.queue ?? null, f.direction ?? null, f.queuedAt ?? null,
      f.offeredAt ?? null, f.interface ?? null, f.agentUserId ?? null, f.answeredAt ?? null, f.holdSeconds ?? null],
  );
}

export async function markAbandoned(sql: Sql, id: string, holdSeconds: number): Promise<void> {
  await sql.query(
    `UPDATE calls SET outcome = 'abandoned', hold_seconds = $2 WHERE id = $1 AND answered_at IS NULL AND outcome = 'in_progress'`,
    [id, holdSeconds],
  );
}

export interface CallEnd {
  id: string;
  endedAt: string;
  hangupBy: string;
  holdSeconds: number | null;
  talkSeconds: number | null;
  estimated?: boolean;
}

/**
 * Closes a call once: answered when someone picked up, abandoned when the caller gave up in the queue,
 * unanswered otherwise (the queue timed out, the PBX went away before anyone answered).
 */
export async function endCall(sql: Sql, e: CallEnd): Promise<void> {
  await sql.query(
    `UPDATE calls SET ended_at = $2, hangup_by = $3, ended_estimated = $6,
            hold_seconds = coalesce(hold_seconds, $4),
            talk_seconds = CASE WHEN answered_at IS NULL THEN NULL ELSE coalesce(talk_seconds, $5) END,
            outcome = CASE WHEN answered_at IS NOT NULL THEN 'answered'
                           WHEN outcome IN ('abandoned', 'busy', 'no_answer', 'failed') THEN outcome
                           -- a click-to-call that never reached the citizen: the agent's own phone did not pick up
                           WHEN direction = 'out' THEN 'failed' ELSE 'unanswered' END
      WHERE id = $1 AND ended_at IS NULL`,
    [e.id, e.endedAt, e.hangupBy, e.holdSeconds, e.talkSeconds, e.estimated ?? false],
  );
}

/** Click-to-call: the citizen was busy, did not answer, or could not be reached. */
export async function markDialFailed(sql: Sql, id: string, outcome: 'busy' | 'no_answer' | 'failed'): Promise<void> {
  await sql.query(`UPDATE calls SET outcome = $2 WHERE id = $1 AND direction = 'out' AND answered_at IS NULL AND outcome = 'in_progress'`, [id, outcome]);
}

/** Talk time up to a transfer: the agent's part of the call is over even though the caller talks on. */
export async function markTransferred(sql: Sql, id: string, talkSeconds: number): Promise<void> {
  await sql.query(`UPDATE calls SET talk_seconds = $2 WHERE id = $1`, [id, talkSeconds]);
}

export async function setCitizen(sql: Sql, id: string, citizenId: number): Promise<void> {
  await sql.query('UPDATE calls SET citizen_id = coalesce(citizen_id, $2) WHERE id = $1', [id, citizenId]);
}

/**
 * After a resync: calls the log still has open that the PBX no longer carries ended while we could not see
 * them (a server restart, a lost AMI link). Closing them leaves no hole and no call "in progress" forever.
 * Who ended them follows the telephony state's rule (cutByRestart), so whichever of the two writes first, the
 * row says the same: `system` when the call began before the PBX last started, `unknown` otherwise.
 * `seenBy` is when the PBX's picture (`liveIds`) was taken: calls that began later are left open.
 */
export async function closeVanished(sql: Sql, liveIds: string[], at: string, pbxStartedAt: string | null = null, seenBy: string = at): Promise<number> {
  const rows: unknown[] = await sql.query(
    `UPDATE calls SET ended_at = $2, ended_estimated = true,
            hangup_by = coalesce(hangup_by, CASE WHEN coalesce(answered_at, queued_at, offered_at) < $3::timestamptz THEN 'system' ELSE 'unknown' END),
            talk_seconds = CASE WHEN answered_at IS NULL THEN NULL
                                ELSE coalesce(talk_seconds, greatest(0, round(extract(epoch FROM $2::timestamptz - answered_at)))::int) END,
            outcome = CASE WHEN answered_at IS NOT NULL THEN 'answered' WHEN outcome = 'abandoned' THEN 'abandoned' ELSE 'unanswered' END
      WHERE ended_at IS NULL AND outcome IN ('in_progress', 'abandoned') AND NOT (id = ANY($1))
        -- A call that began after the PBX's picture was taken is not in it, and has not vanished.
        AND coalesce(queued_at, offered_at, answered_at, '-infinity') <= $4::timestamptz
      RETURNING id`,
    [liveIds, at, pbxStartedAt, seenBy],
  );
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  return Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
}
