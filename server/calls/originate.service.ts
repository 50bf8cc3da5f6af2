import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../../telephony';
import type { AuthUser } from '../auth/auth.types';
import { AppError, badRequest, conflict, unavailable } from '../http/errors';
import { normalisePhone } from '../phones';
import { upsertCall } from './call-log.repository';

export interface OriginateOptions {
  /** The dialplan context agent phones dial out from, and how a number becomes an extension there. */
  context: string;
  exten(e164: string): string;
}

/** Ukrainian numbers as a Ukrainian trunk wants them (0671234567); others with the international prefix. */
export const defaultOriginate: OriginateOptions = {
  context: 'agents',
  exten: (e164) => (e164.startsWith('+380') ? `0${e164.slice(4)}` : `00${e164.slice(1)}`),
};

/**
 * Click-to-call: the PBX rings the agent's own phone first and, when they pick up, dials the citizen. The
 * call is logged as outgoing under the ChannelId we choose, which Asterisk then uses as its Linkedid.
 */
export async function originateCall(
  deps: { dataSource: DataSource; telephony?: Telephony; log: Logger; options: OriginateOptions },
  user: AuthUser,
  input: { number: string; requestId?: number },
): Promise<{ callId: string }> {
  if (!user.interface) throw conflict('no_interface', 'You have no phone (interface) to call from.');
  const number = normalisePhone(input.number);
  if (!number) throw badRequest('The phone number is not valid.', { number: 'not a valid phone number' });
  const { dataSource, telephony, log } = deps;
  if (!telephony || telephony.status().state !== 'connected') throw unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
  if (input.requestId !== undefined) {
    const [request] = await dataSource.query('SELECT id FROM requests WHERE id = $1', [input.requestId]);
    if (!request) throw new AppError(404, 'request_not_found', 'No such request.', { requestId: 'not found' });
  }
  const callId = randomUUID();
  await upsertCall(dataSource, { id: callId, callerNumber: number, direction: 'out', queuedAt: new Date().toISOString(), interface: user.interface, agentUserId: user.id });
  await dataSource.query(
    `UPDATE calls SET citizen_id = (SELECT citizen_id FROM citizen_phones WHERE phone = $2 ORDER BY citizen_id DESC LIMIT 1) WHERE id = $1`,
    [callId, number],
  );
  if (input.requestId !== undefined) await dataSource.query('INSERT INTO call_requests (call_id, request_id) VALUES ($1, $2)', [callId, input.requestId]);
  telephony
    .originate({ channel: user.interface, context: deps.options.context, exten: deps.options.exten(number), callerId: number, channelId: callId, timeoutMs: 30_000 })
    .then((result) =>
      result.success
        ? dataSource.query('UPDATE calls SET answered_at = coalesce(answered_at, now()) WHERE id = $1', [callId])
        : dataSource.query(`UPDATE calls SET outcome = 'failed', ended_at = coalesce(ended_at, now()), hangup_by = 'agent' WHERE id = $1 AND ended_at IS NULL`, [callId]))
    .catch((error: Error) => {
      log.warn({ err: error, callId }, 'click-to-call failed');
      return dataSource.query(`UPDATE calls SET outcome = 'failed', ended_at = coalesce(ended_at, now()) WHERE id = $1 AND ended_at IS NULL`, [callId]);
    })
    .catch((error: Error) => log.error({ err: error, callId }, 'click-to-call outcome not logged'));
  return { callId };
}
