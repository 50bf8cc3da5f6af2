import type { CallAnswered, CallOffered, CallRetracted, CallTransferred, TelephonyEvent } from '../events';
import type { DialProgress, TransferDone } from '../ami/translated';
import type { LiveCall } from './call-record';
import { secondsBetween } from './call-record';

/** What the transfer rules need of the call book: which device a channel is. */
export interface ChannelDevices {
  deviceOf(channelId: string): string | null;
}

/** The member's part ends: the caller is handed on, and whoever answers next is a new part of the same call. */
export function handOver(call: LiveCall, at: string): CallTransferred[] {
  if (!call.answeredBy || call.transferred) return [];
  const out: CallTransferred = {
    name: 'call:transferred', callId: call.callId, queue: call.queue ?? '', interface: call.answeredBy,
    holdSeconds: call.holdSeconds ?? 0, talkSeconds: secondsBetween(call.answeredAt, at), at,
  };
  Object.assign(call, { transferred: true, talkSeconds: out.talkSeconds, handovers: call.handovers + 1 });
  return [out];
}

/** A new member has the caller (a queue answered again, the transfer target picked up): the call is theirs now. */
export function takeOver(call: LiveCall, iface: string, channelId: string | null, at: string): void {
  Object.assign(call, {
    answeredBy: iface, answeredChannelId: channelId, answeredAt: at, transferred: false, talkSeconds: null,
    completion: null, firstGone: null, requestedBy: null, consult: null,
  });
}

/** BlindTransfer: the agent's part ends now. AttendedTransfer: the consulted target takes the caller over. */
export function transferDone(call: LiveCall, e: TransferDone): TelephonyEvent[] {
  const consult = call.consult;
  const out: TelephonyEvent[] = handOver(call, e.at);
  if (e.kind === 'attended' && consult?.answered) takeOver(call, consult.interface, consult.channelId, e.at);
  return out;
}

const lost: Partial<Record<DialProgress['status'], CallRetracted['reason']>> = { busy: 'busy', no_answer: 'no_answer', failed: 'rejected', cancelled: 'no_answer' };

/**
 * A Dial() inside a queue call: the caller dialling the target of a blind transfer, or the agent's leg dialling
 * the target of an attended one. It rings (a pop at the target), is answered, or fails (back to the dialplan).
 */
export function transferDial(call: LiveCall, e: DialProgress, devices: ChannelDevices): TelephonyEvent[] {
  // The dialler may be a Local channel in between (a transfer context that dials `Local/1002@phones`): the
  // target is known by its device, never by which channel dialled it.
  const blind = call.transferred;
  const attended = !call.transferred && call.answeredBy !== null && e.channelId !== call.callerChannelId;
  if (!blind && !attended) return [];
  const iface = devices.deviceOf(e.destChannelId);
  if (!iface || iface === call.answeredBy || e.destChannelId === call.callerChannelId) return [];
  const base = { callId: call.callId, queue: call.queue ?? '', interface: iface, at: e.at };
  if (e.status === 'ringing') {
    if (call.consult?.interface === iface) return [];
    call.consult = { interface: iface, channelId: e.destChannelId, answered: false, attended, at: e.at };
    const offered: CallOffered = { name: 'call:offered', ...base, memberName: '', agentChannelId: e.destChannelId, callerNumber: call.callerNumber, callerName: call.callerName, afterTransfer: true };
    return [offered];
  }
  if (call.consult?.interface !== iface) return [];
  if (e.status === 'answered') {
    if (call.consult.answered) return [];
    const ringSeconds = secondsBetween(call.consult.at, e.at);
    const answered: CallAnswered = { name: 'call:answered', ...base, memberName: '', agentChannelId: e.destChannelId, holdSeconds: 0, ringSeconds, afterTransfer: true };
    if (blind) takeOver(call, iface, call.consult.channelId, e.at);
    else call.consult.answered = true;
    return [answered];
  }
  const reason = lost[e.status];
  if (!reason) return [];
  call.consult = null;
  return [{ name: 'call:retracted', ...base, reason: attended ? 'transfer_cancelled' : reason }];
}

/** The consulted target hung up before the transfer completed: the attended transfer is cancelled. */
export function consultGone(call: LiveCall, channelId: string, at: string): CallRetracted[] {
  if (call.consult?.channelId !== channelId) return [];
  const { interface: iface } = call.consult;
  call.consult = null;
  return [{ name: 'call:retracted', callId: call.callId, queue: call.queue ?? '', interface: iface, reason: 'transfer_cancelled', at }];
}
