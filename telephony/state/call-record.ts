import type { CallPhase, CallSnapshot, DialStatus, HangupSide } from '../events';

export interface Offer {
  queue: string;
  memberName: string;
  agentChannelId: string;
  at: string;
  /** DialEnd CANCEL seen; classified as answered elsewhere / caller left once the outcome is known. */
  cancelled: boolean;
}

export interface LiveCall {
  callId: string;
  callerNumber: string;
  callerName: string;
  callerChannelId: string | null;
  queue: string | null;
  queuedAt: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  /** Uniqueid of the member leg that answered (AgentConnect's DestUniqueid): with the caller's, it ends the call. */
  answeredChannelId: string | null;
  /** Which of the caller and the answering member hung up first, seen from the Hangups. */
  firstGone: 'caller' | 'agent' | null;
  /** Who asked first: this application (AMI Hangup), or the side whose own HangupRequest came first. */
  requestedBy: 'caller' | 'agent' | 'console' | 'system' | null;
  /** The dialled (citizen's) leg of a Dial() outside the queues: click-to-call's other side. */
  dialledChannelId: string | null;
  /** We originated it (click-to-call, a consultation leg): its first channel is the phone we rang first. */
  originated: boolean;
  /** What AgentComplete said, when it came: it only adds detail, the channels end the call. */
  completion: { hangupBy: HangupSide; holdSeconds: number; talkSeconds: number } | null;
  /** An ordinary Dial() outside the queues (click-to-call): how far the dialled side got. */
  dialStatus: DialStatus | null;
  holdSeconds: number | null;
  /** Talk time AgentComplete reported for a transfer; the call lives on with the transfer target. */
  talkSeconds: number | null;
  /** Ringing offers by member interface. */
  offers: Map<string, Offer>;
  channels: Set<string>;
  /** We saw the queue entry, so this call feeds today's counters. */
  counted: boolean;
  abandoned: boolean;
  transferred: boolean;
  /** How many agents handed the call on so far: what rings or answers after the first marks `afterTransfer`. */
  handovers: number;
  /**
   * The transfer target's leg while it rings or talks before it has the caller: dialled by the caller after a
   * blind transfer, or by the agent's leg in an attended one (the consultation).
   */
  consult: { interface: string; channelId: string; answered: boolean; attended: boolean; at: string } | null;
  /** When an event last concerned this call: the sweep drops calls left without channels. */
  lastEventAt: string;
}

export function newCall(callId: string, at = ''): LiveCall {
  return {
    callId,
    callerNumber: '',
    callerName: '',
    callerChannelId: null,
    queue: null,
    queuedAt: null,
    answeredAt: null,
    answeredBy: null,
    answeredChannelId: null,
    firstGone: null,
    requestedBy: null,
    dialledChannelId: null,
    originated: false,
    completion: null,
    dialStatus: null,
    holdSeconds: null,
    talkSeconds: null,
    offers: new Map(),
    channels: new Set(),
    counted: false,
    abandoned: false,
    transferred: false,
    handovers: 0,
    consult: null,
    lastEventAt: at,
  };
}

/**
 * Which side a channel of the call is on: in a queue call the caller's channel is the citizen's and the member
 * legs the agent's; in a click-to-call the originated leg (Uniqueid = the call's id) is the agent's phone and the
 * dialled leg the citizen's. Plumbing (the other half of a Local pair) is on no side.
 */
export function sideOf(call: LiveCall, channelId: string): 'caller' | 'agent' | null {
  if (call.queue !== null || call.answeredBy !== null || call.offers.size > 0) {
    if (channelId === call.callerChannelId) return 'caller';
    const memberLeg = channelId === call.answeredChannelId || [...call.offers.values()].some((o) => o.agentChannelId === channelId);
    return memberLeg ? 'agent' : null;
  }
  if (channelId === call.dialledChannelId) return 'caller';
  if (channelId === call.callId) return call.originated ? 'agent' : 'caller';
  return null;
}

/** Answered through a queue and still with the agent: it ends when both the caller's and the member's legs are gone. */
export function talkingToMember(call: LiveCall): boolean {
  return call.answeredBy !== null && !call.transferred;
}

function phaseOf(call: LiveCall): CallPhase {
  if (call.transferred) return 'transferred';
  if (call.answeredBy) return 'connected';
  if ([...call.offers.values()].some((o) => !o.cancelled)) return 'ringing';
  if (call.queuedAt) return 'queued';
  return 'active';
}

export function callSnapshot(call: LiveCall): CallSnapshot {
  return {
    callId: call.callId,
    callerNumber: call.callerNumber,
    callerName: call.callerName,
    queue: call.queue,
    phase: phaseOf(call),
    ringing: [...call.offers].filter(([, o]) => !o.cancelled).map(([iface]) => iface),
    connectedTo: call.transferred ? null : call.answeredBy,
    queuedAt: call.queuedAt,
    answeredAt: call.answeredAt,
  };
}

export function secondsBetween(fromIso: string | null, toIso: string): number {
  if (!fromIso) return 0;
  return Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
}
