import type { AmiConnection } from './ami/connection';
import type { ConferenceParticipant, OriginateResult } from './events';
import { randomUUID } from 'node:crypto';
import { callerIdField, field, flagField, intField } from './ami/message';
import { AmiActionError } from './ami/errors';
import { originateOutcome } from './ami/translate-other';

export interface OriginateRequest {
  /** What to dial: `PJSIP/1001`, `PJSIP/+380671234567@trunk`, `Local/...`. */
  channel: string;
  context?: string;
  exten?: string;
  priority?: number;
  application?: string;
  data?: string;
  callerId?: string;
  variables?: Record<string, string>;
  /** How long the dialled party may ring; Asterisk's default is 30 s. */
  timeoutMs?: number;
  /** Uniqueid for the new channel; a UUID when omitted. Events for the leg carry it from the start. */
  channelId?: string;
}

export interface RedirectRequest {
  channel: string;
  context: string;
  exten: string;
  priority?: number;
  /** Moves a second channel (the other leg) at the same time. */
  extraChannel?: string;
}

/** Where a transfer sends the caller: an extension of a dialplan context. */
export interface TransferTarget {
  context: string;
  exten: string;
}

/** Extra time allowed beyond the ring timeout for Asterisk to report the origination's outcome. */
const ORIGINATE_MARGIN_MS = 15_000;

export async function originate(connection: AmiConnection, request: OriginateRequest): Promise<OriginateResult> {
  const channelId = request.channelId ?? randomUUID();
  const timeoutMs = request.timeoutMs ?? 30_000;
  const { event } = await connection.actionThenEvent(
    {
      Action: 'Originate',
      Channel: request.channel,
      Context: request.context,
      Exten: request.exten,
      Priority: request.priority ?? (request.exten ? 1 : undefined),
      Application: request.application,
      Data: request.data,
      CallerID: request.callerId,
      Timeout: timeoutMs,
      Variable: request.variables,
      ChannelId: channelId,
      // Without Async the session is blocked until the call is answered.
      Async: 'true',
    },
    'OriginateResponse',
    timeoutMs + ORIGINATE_MARGIN_MS,
  );
  const reasonCode = intField(event, 'reason');
  return {
    channelId: field(event, 'uniqueid') || channelId,
    channel: field(event, 'channel') || request.channel,
    success: field(event, 'response').toLowerCase() === 'success',
    outcome: originateOutcome(reasonCode),
    reasonCode,
  };
}

const EMPTY_CONFERENCE = /no active conferences|no conference by that name/i;

export async function confbridgeList(connection: AmiConnection, room: string): Promise<ConferenceParticipant[]> {
  try {
    const { items } = await connection.list({ Action: 'ConfbridgeList', Conference: room });
    return items.map((m) => ({
      channel: field(m, 'channel'),
      channelId: field(m, 'uniqueid'),
      callerNumber: callerIdField(m, 'calleridnum'),
      admin: flagField(m, 'admin'),
      muted: flagField(m, 'muted'),
      talking: flagField(m, 'talking'),
    }));
  } catch (error) {
    // Asterisk answers an empty room with an error; for us it is just nobody there.
    if (error instanceof AmiActionError && EMPTY_CONFERENCE.test(error.message)) return [];
    throw error;
  }
}
