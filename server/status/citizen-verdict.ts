import type { Sql } from '../citizens/citizens.repository';
import { conflict } from '../http/errors';
import { dueDate } from '../requests/deadlines';

export type Verdict = { verdict: 'confirm'; satisfaction: number } | { verdict: 'not_fixed'; comment: string };

/**
 * The citizen's own answer to "was it resolved?", as the agent's callback records it: confirmed closes the
 * request with their satisfaction; "not fixed" returns it to the executor for rework with a fresh term and one
 * more rework counted. Only a done request can be answered; the row is locked, so a double submit loses (409).
 */
export async function recordVerdict(sql: Sql, requestId: number, v: Verdict, now: Date): Promise<void> {
  const [row] = await sql.query(
    `SELECT r.status, r.rework_count AS "reworkCount", r.needs_study AS "needsStudy", t.deadline, t.emergency_hours AS "emergencyHours"
       FROM requests r JOIN topics t ON t.code = r.topic_code WHERE r.id = $1 FOR UPDATE OF r`,
    [requestId],
  );
  if (row.status !== 'done') throw conflict('illegal_transition', 'Only a request the executor marked done can be confirmed or returned.');
  if (v.verdict === 'confirm') {
    await sql.query(
      `UPDATE requests SET status = 'closed', satisfaction = $2, closed_at = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [requestId, v.satisfaction, now],
    );
    await addEvent(sql, requestId, 'confirm', 'closed', null, { satisfaction: v.satisfaction, via: 'status_page' });
    return;
  }
  const due = dueDate(now, row, row.needsStudy);
  await sql.query(
    `UPDATE requests SET status = 'returned', rework_count = rework_count + 1, due_at = $2, result = NULL, completed_at = NULL,
            version = version + 1, updated_at = now() WHERE id = $1`,
    [requestId, due],
  );
  await addEvent(sql, requestId, 'return', 'returned', v.comment, { reworkCount: row.reworkCount + 1, dueAt: due.toISOString(), via: 'status_page' });
}

async function addEvent(sql: Sql, requestId: number, action: string, to: string, comment: string | null, data: Record<string, unknown>): Promise<void> {
  await sql.query(
    `INSERT INTO request_events (request_id, actor_id, action, from_status, to_status, comment, data) VALUES ($1, NULL, $2, 'done', $3, $4, $5)`,
    [requestId, action, to, comment, data],
  );
}
