import type { Sql } from '../citizens/citizens.repository';
import { RECORDING_COLUMNS, recordingOf } from './recording/recording.repository';
import { transfersOf } from './transfer/transfer.repository';

/** The agent's recent calls, newest first, with the classification and the first linked request. */
export async function myCalls(sql: Sql, userId: number, limit = 20): Promise<unknown[]> {
  const rows: Record<string, unknown>[] = await sql.query(
    `SELECT c.id AS "callId", c.caller_number AS "callerNumber", c.queue, c.direction, c.offered_at AS "offeredAt",
            c.answered_at AS "answeredAt", c.ended_at AS "endedAt", c.talk_seconds AS "talkSeconds", c.outcome, c.hangup_by AS "hangupBy",
            c.wrap_up_kind AS "wrapUpKind", c.wrap_up_topic_code AS "topicCode",
            (SELECT min(cr.request_id) FROM call_requests cr WHERE cr.call_id = c.id) AS "requestId",
            c.citizen_id AS "citizenId", z.full_name AS "citizenName", ${RECORDING_COLUMNS}
       FROM calls c LEFT JOIN citizens z ON z.id = c.citizen_id LEFT JOIN recordings rec ON rec.call_id = c.id
      WHERE c.agent_user_id = $1 OR c.id IN (SELECT t.call_id FROM call_transfers t WHERE t.to_user_id = $1)
      ORDER BY c.queued_at DESC NULLS LAST LIMIT $2`,
    [userId, limit],
  );
  const transfers = await transfersOf(sql, rows.map((r) => String(r.callId)));
  return rows.map(({ wrapUpKind, topicCode, requestId, citizenId, citizenName, recordingState, recordingSeconds, ...call }) => ({
    ...call,
    recording: recordingOf({ recordingState: recordingState as string | null, recordingSeconds: recordingSeconds as number | null }),
    transfers: transfers.get(String(call.callId)) ?? [],
    wrapUp: wrapUpKind ? { kind: wrapUpKind, requestId, topicCode } : null,
    citizen: citizenId ? { id: citizenId, fullName: citizenName } : null,
  }));
}
