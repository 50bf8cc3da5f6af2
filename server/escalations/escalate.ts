import type { Sql } from '../citizens/citizens.repository';
import { sameBuilding } from '../addresses/normalise';
import { OPEN } from '../requests/transitions';
import { readSettings } from './escalation-settings';

/** Puts a request on the supervisor's list once (a resolved mark is raised again only by a new reason to). */
async function mark(sql: Sql, requestId: number, reason: 'repeat_calls' | 'place', calls: number, actorId: number | null): Promise<boolean> {
  const [row] = await sql.query(
    `INSERT INTO request_escalations (request_id, reason, calls) VALUES ($1, $2, $3)
     ON CONFLICT (request_id) DO UPDATE SET calls = EXCLUDED.calls, reason = EXCLUDED.reason, marked_at = now(), resolved_at = NULL, resolved_by = NULL
       WHERE request_escalations.resolved_at IS NOT NULL AND request_escalations.calls < EXCLUDED.calls
     RETURNING request_id`,
    [requestId, reason, calls]);
  if (!row) {
    // Already on the list: only the count follows.
    await sql.query('UPDATE request_escalations SET calls = greatest(calls, $2) WHERE request_id = $1', [requestId, calls]);
    return false;
  }
  await sql.query(
    `INSERT INTO request_events (request_id, actor_id, action, data) VALUES ($1, $2, 'escalated', $3)`,
    [requestId, actorId, { reason, calls }]);
  return true;
}

/**
 * A call was attached to a request (the citizen called about it again): its timeline says so, and at the
 * threshold of calls an open request goes on the supervisor's escalation list. Runs in the wrap-up's transaction.
 */
export async function callAttached(sql: Sql, requestId: number, callId: string, actorId: number): Promise<boolean> {
  await sql.query(`INSERT INTO request_events (request_id, actor_id, action, data) VALUES ($1, $2, 'call_linked', $3)`,
    [requestId, actorId, { callId }]);
  const [{ calls, open }] = await sql.query(
    `SELECT (SELECT count(*)::int FROM call_requests WHERE request_id = $1) AS calls,
            (SELECT status = ANY($2) FROM requests WHERE id = $1) AS open`,
    [requestId, OPEN]);
  const { repeatCalls } = await readSettings(sql);
  return open && calls >= repeatCalls ? mark(sql, requestId, 'repeat_calls', calls, actorId) : false;
}

/**
 * A request was registered: when its building and topic already had `placeRequests - 1` others within
 * `placeDays` (however each address was typed), the new one goes on the list. Runs in the registration's transaction.
 */
export async function requestRegistered(sql: Sql, requestId: number, actorId: number | null): Promise<boolean> {
  const [me] = await sql.query('SELECT topic_code AS "topicCode", address FROM requests WHERE id = $1', [requestId]);
  if (!me?.address) return false;
  const s = await readSettings(sql);
  const others: { address: string }[] = await sql.query(
    `SELECT address FROM requests WHERE topic_code = $1 AND id <> $2 AND address IS NOT NULL
        AND received_at > now() - make_interval(days => $3) ORDER BY received_at DESC LIMIT 500`,
    [me.topicCode, requestId, s.placeDays]);
  const same = others.filter((o) => sameBuilding(o.address, me.address)).length;
  return same + 1 >= s.placeRequests ? mark(sql, requestId, 'place', 0, actorId) : false;
}
