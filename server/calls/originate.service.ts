import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { deviceKey, sameDevice, type Telephony } from '../../telephony';
import type { AuthUser } from '../auth/auth.types';
import type { TelephonySettings } from '../config';
import { AppError, badRequest, conflict, unavailable } from '../http/errors';
import { assertDialAllowed, DEFAULT_DIAL_PREFIXES } from '../dial-allowlist';
import { dialledNumber, normalisePhone } from '../phones';
import { upsertCall } from './call-log.repository';
import { historyUnavailableCard, type CardService } from './card.service';
import { lookupNumber } from './caller-number';
import type { LiveCalls } from './live-calls';

export interface OriginateOptions {
  /** The agent's own leg: the channel the PBX rings first. */
  channel(iface: string): string;
  /** The dialplan context agent phones dial out from, and how a number becomes an extension there. */
  context: string;
  exten(e164: string): string;
  /** The E.164 prefixes a citizen's number may start with (`DIAL_ALLOWED_PREFIXES`); default Ukrainian numbers. */
  allowedPrefixes?: readonly string[];
  /** How long the PBX rings the agent's phone (Originate's Timeout); the answer is awaited 15 s longer. */
  timeoutMs?: number;
}

/** `ORIGINATE_CHANNEL` with `{interface}` (PJSIP/1001) or `{exten}` (1001) filled in; FreePBX: `Local/{exten}@from-internal`. */
export function originateOptionsFrom(s: Pick<TelephonySettings, 'originateChannel' | 'originateContext' | 'originateNumberFormat'> & Partial<Pick<TelephonySettings, 'dialAllowedPrefixes'>>): OriginateOptions {
  return {
    allowedPrefixes: s.dialAllowedPrefixes ?? DEFAULT_DIAL_PREFIXES,
    channel: (iface) => s.originateChannel.replaceAll('{interface}', iface).replaceAll('{exten}', deviceKey(iface)),
    context: s.originateContext,
    exten: (e164) => dialledNumber(e164, s.originateNumberFormat),
  };
}

export const defaultOriginate = originateOptionsFrom({ originateChannel: '{interface}', originateContext: 'agents', originateNumberFormat: 'national' });

export interface OriginateDeps {
  dataSource: DataSource;
  telephony?: Telephony;
  live: LiveCalls;
  cards: CardService;
  log: Logger;
  options: OriginateOptions;
}

/**
 * Click-to-call: the PBX rings the agent's own phone first and, when they pick up, dials the citizen. The call
 * is on the agent's desk from the start (with the citizen's card) and is logged as outgoing under the ChannelId
 * we choose, which Asterisk then uses as its Linkedid; its outcome is the citizen's leg's.
 */
export async function originateCall(deps: OriginateDeps, user: AuthUser, input: { number: string; requestId?: number }): Promise<{ callId: string }> {
  const { dataSource, telephony, live, log } = deps;
  if (!user.interface) throw conflict('no_interface', 'You have no phone (interface) to call from.');
  const number = normalisePhone(input.number);
  if (!number) throw badRequest('The phone number is not valid.', { number: 'not a valid phone number' });
  assertDialAllowed(number, deps.options.allowedPrefixes ?? DEFAULT_DIAL_PREFIXES);
  if (!telephony || telephony.status().state !== 'connected') throw unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
  const onCall = telephony.snapshot().calls.some((c) => sameDevice(c.connectedTo, user.interface) || c.ringing.some((i) => sameDevice(i, user.interface)));
  if (live.busy(user.id) || onCall) throw conflict('agent_busy', 'You are on a call or still classifying one: finish it first.');
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
  const card = await deps.cards.byPhone(lookupNumber(number), callId).catch(() => historyUnavailableCard());
  const now = new Date().toISOString();
  live.startOutbound(user.id, {
    callId, queue: '', callerNumber: number, callerName: card.citizen?.fullName ?? null, offeredAt: now, card,
    state: 'dialling', answeredAt: null, endedAt: null, direction: 'out', outcome: null,
  });
  async function refused(reason: string): Promise<void> {
    live.outboundRefused(callId, reason);
    await dataSource.query(`UPDATE calls SET outcome = 'failed', ended_at = coalesce(ended_at, now()) WHERE id = $1 AND ended_at IS NULL`, [callId]);
  }
  telephony
    .originate({ channel: deps.options.channel(user.interface), context: deps.options.context, exten: deps.options.exten(number), callerId: number, channelId: callId, timeoutMs: deps.options.timeoutMs ?? 30_000 })
    .then(async (result) => {
      // The agent's own phone did not pick up: the citizen was never dialled.
      if (!result.success) await dataSource.query(`UPDATE calls SET outcome = 'failed', hangup_by = 'agent' WHERE id = $1 AND outcome = 'in_progress'`, [callId]);
      // Refused before any channel existed (an unregistered phone): no hang-up will ever free the desk.
      if (!result.success && !telephony.snapshot().calls.some((c) => c.callId === callId)) await refused('agent_phone_unavailable');
    })
    .catch(async (error: Error) => {
      log.warn({ err: error, callId }, 'click-to-call refused by the PBX');
      await refused(error.message);
    })
    .catch((error: Error) => log.error({ err: error, callId }, 'click-to-call outcome not logged'))
    .finally(() => live.outboundSettled(callId));
  return { callId };
}
