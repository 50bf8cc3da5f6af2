import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.types';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { callAttached } from '../escalations/escalate';
import { tookPart } from './transfer/transfer.repository';

export type WrapUpInput =
  | { kind: 'request'; requestId: number }
  | { kind: 'attached'; requestId: number }
  | { kind: 'consultation'; topicCode: string };

interface CallRow {
  id: string;
  agentUserId: number | null;
  citizenId: number | null;
}

async function requestOf(dataSource: DataSource, id: number): Promise<{ id: number; topicCode: string; citizenId: number | null }> {
  const [row] = await dataSource.query('SELECT id, topic_code AS "topicCode", citizen_id AS "citizenId" FROM requests WHERE id = $1', [id]);
  if (!row) throw new AppError(404, 'request_not_found', 'No such request.', { requestId: 'not found' });
  return row;
}

/**
 * Classifies a call (statistics by source and topic need every call classified): a new request, an existing
 * request of the same citizen, or a consultation on a topic. Repeating it re-classifies; it never duplicates links.
 */
export async function wrapUpCall(dataSource: DataSource, user: AuthUser, callId: string, input: WrapUpInput): Promise<void> {
  const [call]: CallRow[] = await dataSource.query(
    'SELECT id, agent_user_id AS "agentUserId", citizen_id AS "citizenId" FROM calls WHERE id = $1', [callId]);
  if (!call) throw notFound('Call');
  // Every agent of a transferred call classifies their own part (call_transfers says who had one).
  if (user.role === 'agent' && call.agentUserId !== user.id && !(await tookPart(dataSource, callId, user.id))) throw forbidden();
  let topicCode: string;
  let requestId: number | null = null;
  if (input.kind === 'consultation') {
    const [topic] = await dataSource.query('SELECT code FROM topics WHERE code = $1', [input.topicCode]);
    if (!topic) throw badRequest('Unknown topic.', { topicCode: 'not a topic of the classifier' });
    topicCode = topic.code;
  } else {
    const request = await requestOf(dataSource, input.requestId);
    // Attaching is "this caller is asking about their own request": another citizen's request is a mistake.
    if (input.kind === 'attached' && call.citizenId !== null && request.citizenId !== call.citizenId) {
      throw conflict('not_callers_request', 'That request belongs to another citizen.');
    }
    topicCode = request.topicCode;
    requestId = request.id;
  }
  await dataSource.transaction(async (m) => {
    await m.query(
      `UPDATE calls SET wrap_up_kind = $2, wrap_up_topic_code = $3, wrapped_up_at = now(),
              citizen_id = coalesce(citizen_id, (SELECT citizen_id FROM requests WHERE id = $4)) WHERE id = $1`,
      [callId, input.kind, topicCode, requestId],
    );
    if (requestId === null) return;
    const [linked] = await m.query('INSERT INTO call_requests (call_id, request_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING call_id', [callId, requestId]);
    // The call counts on the request's timeline, and a citizen calling about it again and again reaches the supervisor.
    if (linked && input.kind === 'attached') await callAttached(m, requestId, callId, user.id);
  });
}
