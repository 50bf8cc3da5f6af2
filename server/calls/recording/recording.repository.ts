import type { Sql } from '../../citizens/citizens.repository';

export type RecordingState = 'recording' | 'available' | 'failed' | 'deleted';

export interface RecordingRow {
  callId: string;
  file: string;
  state: RecordingState;
  paused: boolean;
  failure: string | null;
  durationSeconds: number | null;
  endedAt: Date | null;
  /** The call's agent and end, from the call log (null while the log has not written it). */
  agentUserId: number | null;
  callEndedAt: Date | null;
}

/** A recording the PBX says it started (by us or by the dialplan). A second start of the same call keeps the first row. */
export async function recordingStarted(sql: Sql, callId: string, file: string, at: string): Promise<void> {
  await sql.query(
    `INSERT INTO recordings (call_id, file, state, started_at) VALUES ($1, $2, 'recording', $3)
     ON CONFLICT (call_id) DO UPDATE SET state = 'recording', failure = NULL WHERE recordings.state = 'failed'`,
    [callId, file, at],
  );
}

/** A recording that could not be made (or whose file never came): the call's row says why. */
export async function recordingFailed(sql: Sql, callId: string, file: string, at: string, failure: string): Promise<void> {
  await sql.query(
    `INSERT INTO recordings (call_id, file, state, started_at, ended_at, failure) VALUES ($1, $2, 'failed', $3, $3, $4)
     ON CONFLICT (call_id) DO UPDATE SET state = 'failed', failure = $4, ended_at = coalesce(recordings.ended_at, $3)
      WHERE recordings.state = 'recording'`,
    [callId, file, at, failure],
  );
}

export async function setPaused(sql: Sql, callId: string, paused: boolean): Promise<void> {
  await sql.query(`UPDATE recordings SET paused = $2 WHERE call_id = $1 AND state = 'recording'`, [callId, paused]);
}

/** The file is there: the recording can be played. */
export async function recordingAvailable(sql: Sql, callId: string, at: string, facts: { durationSeconds: number; bytes: number }): Promise<void> {
  await sql.query(
    `UPDATE recordings SET state = 'available', paused = false, ended_at = $2, duration_seconds = $3, bytes = $4
      WHERE call_id = $1 AND state = 'recording'`,
    [callId, at, facts.durationSeconds, facts.bytes],
  );
}

/** A line of the call's timeline: started, paused, resumed, available, failed, played, downloaded, deleted. */
export async function recordingEvent(sql: Sql, e: { callId: string; action: string; at?: string; userId?: number | null; details?: Record<string, unknown> }): Promise<void> {
  await sql.query(
    'INSERT INTO recording_events (call_id, at, action, user_id, details) VALUES ($1, coalesce($2::timestamptz, now()), $3, $4, $5)',
    [e.callId, e.at ?? null, e.action, e.userId ?? null, JSON.stringify(e.details ?? {})],
  );
}

export async function findRecording(sql: Sql, callId: string): Promise<RecordingRow | null> {
  const [row] = await sql.query(
    `SELECT r.call_id AS "callId", r.file, r.state, r.paused, r.failure, r.duration_seconds::float AS "durationSeconds",
            r.ended_at AS "endedAt", c.agent_user_id AS "agentUserId", c.ended_at AS "callEndedAt"
       FROM recordings r LEFT JOIN calls c ON c.id = r.call_id WHERE r.call_id = $1`,
    [callId],
  );
  return (row as RecordingRow | undefined) ?? null;
}

export async function recordingTimeline(sql: Sql, callId: string): Promise<unknown[]> {
  return sql.query(
    `SELECT e.at, e.action, e.details, e.user_id AS "userId", u.full_name AS "userName"
       FROM recording_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.call_id = $1 ORDER BY e.at, e.id`,
    [callId],
  );
}

/**
 * What call lists show of a recording (`recording: { available, durationSeconds } | null`): the SQL columns to
 * select with `LEFT JOIN recordings rec ON rec.call_id = c.id`, and the mapping of a row.
 */
export const RECORDING_COLUMNS = `rec.state AS "recordingState", rec.duration_seconds::float AS "recordingSeconds"`;
export function recordingOf(row: { recordingState?: string | null; recordingSeconds?: number | null }): { available: boolean; durationSeconds: number | null } | null {
  if (!row.recordingState || row.recordingState === 'deleted') return null;
  return { available: row.recordingState === 'available', durationSeconds: row.recordingSeconds ?? null };
}

/** The calls attached to a request, newest first, with their recordings (the request page's player). */
export async function requestRecordings(sql: Sql, requestId: number): Promise<unknown[]> {
  const rows: Array<{ callId: string; at: Date | null; recordingState: string | null; recordingSeconds: number | null }> = await sql.query(
    `SELECT c.id AS "callId", coalesce(c.answered_at, c.queued_at, c.offered_at) AS at, ${RECORDING_COLUMNS}
       FROM call_requests cr JOIN calls c ON c.id = cr.call_id LEFT JOIN recordings rec ON rec.call_id = c.id
      WHERE cr.request_id = $1 ORDER BY at DESC NULLS LAST LIMIT 50`,
    [requestId],
  );
  return rows.map(({ recordingState, recordingSeconds, ...call }) => ({ ...call, recording: recordingOf({ recordingState, recordingSeconds }) }));
}
