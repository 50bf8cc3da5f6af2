import type { CallAbandoned, CallAnswered, CallDequeued, CallEnded, CallOffered, CallQueued, CallRetracted, CallTransferred, ChannelCreated, ChannelHungUp, HangupSide, RetractReason, TelephonyEvent } from '../events';
import type { DialCancelled, DialProgress, HangupRequested } from '../ami/translated';
import type { LiveCall } from './call-record';
import type { QueueBook } from './queues';
import { newCall, secondsBetween, sideOf, talkingToMember } from './call-record';
import { RecentSet } from './recent-set';
import type { TransferDone } from '../ami/translated';
import { consultGone, handOver, takeOver, transferDial, transferDone } from './transfer-legs';

const ANSWERED_ELSEWHERE = 26;

/** A leg the call never had, or has no more. */
const legGone = (call: LiveCall, channelId: string | null) => channelId === null || !call.channels.has(channelId);

export interface ChannelRecord {
  channelId: string;
  callId: string;
  channel: string;
  device: string;
}

/**
 * Calls keyed by Linkedid, channels by Uniqueid. Every method returns the events worth publishing:
 * none when the event changed nothing (a repeat, a late event for a finished call, an unknown channel).
 */
/** How long (by event time) and how many finished calls are remembered, so late events for them stay ignored. */
export interface FinishedMemory {
  count?: number;
  ms?: number;
}

export class CallBook {
  readonly calls = new Map<string, LiveCall>();
  readonly channels = new Map<string, ChannelRecord>();
  private readonly finished: RecentSet;
  /** ChannelIds of our Originates not created yet: the call they start is one we originated. */
  private readonly originating = new Set<string>();
  // Made once, not per event: under tsx every closure made in a method is also named (__name), on the AMI path.
  private readonly devices = { deviceOf: (id: string) => this.channels.get(id)?.device ?? null };

  constructor(readonly queues: QueueBook, finishedMemory: FinishedMemory = {}) {
    this.finished = new RecentSet(finishedMemory.count ?? 10_000, finishedMemory.ms ?? 5 * 60_000);
  }

  isFinished(callId: string): boolean {
    return this.finished.has(callId);
  }

  private callFor(callId: string): LiveCall {
    let call = this.calls.get(callId);
    if (!call) {
      call = newCall(callId);
      this.calls.set(callId, call);
    }
    return call;
  }

  channelCreated(e: ChannelCreated): TelephonyEvent[] {
    if (this.finished.has(e.callId) || this.channels.has(e.channelId)) return [];
    this.channels.set(e.channelId, { channelId: e.channelId, callId: e.callId, channel: e.channel, device: e.device });
    const call = this.callFor(e.callId);
    call.channels.add(e.channelId);
    if (this.originating.delete(e.channelId)) call.originated = true;
    if (e.channelId === e.callId && call.callerChannelId === null) {
      call.callerChannelId = e.channelId;
      call.callerNumber ||= e.callerNumber;
      call.callerName ||= e.callerName;
    }
    return [e];
  }

  channelHungUp(e: ChannelHungUp): TelephonyEvent[] {
    const record = this.channels.get(e.channelId);
    if (!record) return [];
    this.channels.delete(e.channelId);
    const call = this.calls.get(record.callId);
    if (!call) return [e];
    call.channels.delete(e.channelId);
    const out: TelephonyEvent[] = [e, ...consultGone(call, e.channelId, e.at)];
    for (const [iface, offer] of call.offers) {
      if (offer.agentChannelId !== e.channelId) continue;
      // Cause 26 is "answered elsewhere"; other cancelled legs wait until the call's outcome is known.
      const elsewhere = call.answeredBy !== null || e.cause === ANSWERED_ELSEWHERE;
      if (offer.cancelled && !elsewhere) continue;
      out.push(this.dropOffer(call, iface, elsewhere ? 'answered_elsewhere' : 'no_answer', e.at));
    }
    const callerGone = e.channelId === call.callerChannelId;
    if (talkingToMember(call)) {
      // Asterisk may never send AgentComplete (bursts: "Empty caller_snapshot"): the legs decide the end.
      if (callerGone || e.channelId === call.answeredChannelId) call.firstGone ??= callerGone ? 'caller' : 'agent';
      if ((legGone(call, call.callerChannelId) && legGone(call, call.answeredChannelId)) || call.channels.size === 0) {
        // AgentComplete's Reason only says whose channel went first: our own Hangup of both legs reads "caller".
        out.push(...this.finish(call, call.requestedBy ?? call.completion?.hangupBy ?? call.firstGone ?? 'unknown', e.at, call.completion ?? {}));
      }
    } else if (callerGone || call.channels.size === 0) {
      const firstGone = callerGone ? sideOf(call, e.channelId) : null;
      out.push(...this.finish(call, call.transferred ? 'transfer' : (call.requestedBy ?? firstGone ?? 'unknown'), e.at));
    }
    return out;
  }

  /** HangupRequest / SoftHangupRequest: the first side that asked for itself is who hung up (see HangupSide). */
  hangupRequested(e: HangupRequested): TelephonyEvent[] {
    const call = this.calls.get(e.callId);
    if (!call || call.requestedBy !== null) return [];
    // A PBX shutting down hangs up every channel before it says Shutdown: those calls are the PBX's.
    if (e.shutdown) call.requestedBy = 'system';
    else if (!e.soft) call.requestedBy = sideOf(call, e.channelId);
    return [];
  }

  /** An Originate with this ChannelId is being sent (`done`: its outcome came, created or not). */
  originate(channelId: string, done = false): void {
    if (done) this.originating.delete(channelId);
    else this.originating.add(channelId);
  }

  /** This application is about to hang the call up (AMI Hangup): whatever Asterisk reports next, it was us. */
  hangupByConsole(callId: string): void {
    const call = this.calls.get(callId);
    if (call) call.requestedBy ??= 'console';
  }

  /** A Dial() outside the queues (click-to-call's citizen leg): published once per change of status. */
  dialProgress(e: DialProgress): TelephonyEvent[] {
    const call = this.calls.get(e.callId);
    if (call && (call.queue !== null || call.offers.size > 0)) return transferDial(call, e, this.devices);
    if (!call || call.dialStatus === e.status) return [];
    // Once the citizen answered, only the end of the call matters; a late RINGING changes nothing.
    if (call.dialStatus === 'answered' || (call.dialStatus !== null && call.dialStatus !== 'ringing')) return [];
    call.dialStatus = e.status;
    if (e.destChannelId) call.dialledChannelId ??= e.destChannelId;
    if (e.status === 'answered') call.answeredAt = e.at;
    return [{ name: 'call:dialled', callId: e.callId, status: e.status, number: e.number, at: e.at }];
  }

  queued(e: CallQueued): TelephonyEvent[] {
    if (this.finished.has(e.callId)) return [];
    const call = this.callFor(e.callId);
    // A transferred caller sent into a queue again waits there anew.
    if (call.queue === e.queue && call.queuedAt && !call.transferred) return [];
    Object.assign(call, { queue: e.queue, queuedAt: e.at, callerChannelId: e.channelId, counted: true });
    call.callerNumber = e.callerNumber || call.callerNumber;
    call.callerName = e.callerName || call.callerName;
    this.queues.countOffered(e.queue, e.at);
    this.queues.addWaiting(e.queue, { callId: e.callId, callerNumber: call.callerNumber, callerName: call.callerName, position: e.position, since: e.at });
    return [e];
  }

  offered(e: CallOffered): TelephonyEvent[] {
    if (this.finished.has(e.callId)) return [];
    const call = this.callFor(e.callId);
    const known = call.offers.get(e.interface);
    if ((known && known.agentChannelId === e.agentChannelId) || (call.answeredBy === e.interface && !call.transferred)) return [];
    if (call.handovers > 0) e = { ...e, afterTransfer: true };
    call.callerNumber ||= e.callerNumber;
    call.callerName ||= e.callerName;
    call.queue ??= e.queue;
    call.offers.set(e.interface, { queue: e.queue, memberName: e.memberName, agentChannelId: e.agentChannelId, at: e.at, cancelled: false });
    return [e];
  }

  answered(e: CallAnswered): TelephonyEvent[] {
    if (this.finished.has(e.callId)) return [];
    const call = this.callFor(e.callId);
    if (call.answeredBy === e.interface && !call.transferred) return [];
    if (call.handovers > 0) e = { ...e, afterTransfer: true };
    takeOver(call, e.interface, e.agentChannelId || null, e.at);
    call.holdSeconds = e.holdSeconds;
    call.queue ??= e.queue;
    call.offers.delete(e.interface);
    // QueueCallerLeave normally came first; removing here too tolerates the other order.
    this.queues.removeWaiting(e.queue, e.callId);
    if (call.counted) this.queues.countAnswered(e.queue, e.at, e.holdSeconds);
    return [e, ...this.dropAllOffers(call, 'answered_elsewhere', e.at)];
  }

  retracted(e: CallRetracted): TelephonyEvent[] {
    const call = this.calls.get(e.callId);
    if (!call || !call.offers.has(e.interface)) return [];
    return [this.dropOffer(call, e.interface, e.reason, e.at)];
  }

  dialCancelled(e: DialCancelled): TelephonyEvent[] {
    const call = this.calls.get(e.callId);
    const offer = call?.offers.get(e.interface);
    if (!call || !offer || offer.cancelled) return [];
    offer.cancelled = true;
    return call.answeredBy ? [this.dropOffer(call, e.interface, 'answered_elsewhere', e.at)] : [];
  }

  dequeued(e: CallDequeued): TelephonyEvent[] {
    return this.queues.removeWaiting(e.queue, e.callId) ? [e] : [];
  }

  abandoned(e: CallAbandoned): TelephonyEvent[] {
    const call = this.calls.get(e.callId);
    if (!call || call.abandoned) return [];
    call.abandoned = true;
    call.holdSeconds = e.holdSeconds;
    this.queues.removeWaiting(e.queue, e.callId);
    if (call.counted) this.queues.countAbandoned(e.queue, e.at, e.holdSeconds);
    return [e, ...this.dropAllOffers(call, 'caller_left', e.at)];
  }

  /** AgentComplete `transfer`: the member's part ended (unless BlindTransfer / AttendedTransfer already said so). */
  transferred(e: CallTransferred): TelephonyEvent[] {
    const call = this.calls.get(e.callId);
    if (!call || call.transferred || call.answeredBy !== e.interface) return [];
    handOver(call, e.at);
    call.talkSeconds = e.talkSeconds;
    if (call.counted) this.queues.countTalk(e.queue, e.at, e.talkSeconds);
    return [{ ...e }];
  }

  /** BlindTransfer / AttendedTransfer: the agent talking so far hands the caller on. */
  transferDone(e: TransferDone): TelephonyEvent[] {
    const call = this.calls.get(e.callId);
    if (!call) return [];
    const out = transferDone(call, e);
    for (const t of out) if (t.name === 'call:transferred' && call.counted && call.queue) this.queues.countTalk(call.queue, e.at, t.talkSeconds);
    return out;
  }

  /** The channel names of a call's transfer: the agent's leg that talks to the caller, and the consulted target's. */
  transferLegs(callId: string): { agent: string | null; target: string | null } {
    const call = this.calls.get(callId);
    const name = (id: string | null | undefined) => (id ? (this.channels.get(id)?.channel ?? null) : null);
    return { agent: name(call?.answeredChannelId), target: name(call?.consult?.channelId) };
  }

  /**
   * AgentComplete: the detail of an answered call's end (who hung up, Asterisk's hold and talk times). The
   * call itself ends when its legs are gone; if they already are (or were never seen), it ends now.
   */
  completed(e: CallEnded): TelephonyEvent[] {
    const call = this.calls.get(e.callId);
    // An earlier member's AgentComplete, late: the call is someone else's now.
    if (!call || call.transferred || (e.interface && call.answeredBy && e.interface !== call.answeredBy)) return [];
    call.completion = { hangupBy: e.hangupBy, holdSeconds: e.holdSeconds, talkSeconds: e.talkSeconds };
    const legsGone = !call.channels.has(call.callerChannelId ?? '') && !call.channels.has(call.answeredChannelId ?? '');
    return legsGone ? this.finish(call, call.requestedBy ?? e.hangupBy, e.at, { ...call.completion, interface: e.interface }) : [];
  }

  /**
   * Ends calls that have had no channel for `idleMs`: an AgentComplete that never came, or agent events
   * for a call whose channels we never saw. Keeps the live state bounded on a link that never drops.
   */
  sweep(at: string, idleMs: number): TelephonyEvent[] {
    const cutoff = Date.parse(at) - idleMs;
    const stale = [...this.calls.values()].filter((c) => c.channels.size === 0 && Date.parse(c.lastEventAt || at) < cutoff);
    return stale.flatMap((call) => this.finish(call, 'unknown', at));
  }

  /** Asterisk went away with every call; `estimated` when we did not see it happen (a crash while the link was down). */
  endAll(at: string, estimated = false): TelephonyEvent[] {
    const out = [...this.calls.values()].flatMap((call) => this.finish(call, 'system', at, { estimated }));
    this.channels.clear();
    return out;
  }

  /** Removes a call from the live state and says how it ended. */
  finish(call: LiveCall, hangupBy: HangupSide, at: string, known: Partial<Pick<CallEnded, 'holdSeconds' | 'talkSeconds' | 'interface' | 'estimated'>> = {}): TelephonyEvent[] {
    const out: TelephonyEvent[] = this.dropAllOffers(call, call.answeredBy ? 'answered_elsewhere' : 'caller_left', at);
    if (call.queue) this.queues.removeWaiting(call.queue, call.callId);
    this.calls.delete(call.callId);
    this.finished.add(call.callId, Date.parse(at) || Date.now());
    for (const channelId of call.channels) this.channels.delete(channelId);
    const ended: CallEnded = {
      name: 'call:ended',
      callId: call.callId,
      queue: call.queue,
      interface: known.interface ?? call.answeredBy,
      hangupBy,
      holdSeconds: known.holdSeconds ?? call.holdSeconds ?? secondsBetween(call.queuedAt, call.answeredAt ?? at),
      talkSeconds: known.talkSeconds ?? call.talkSeconds ?? secondsBetween(call.answeredAt, at),
      at,
      ...(known.estimated ? { estimated: true } : {}),
    };
    if (call.counted && call.queue && talkingToMember(call)) this.queues.countTalk(call.queue, at, ended.talkSeconds);
    out.push(ended);
    return out;
  }

  private dropOffer(call: LiveCall, iface: string, reason: RetractReason, at: string): CallRetracted {
    const offer = call.offers.get(iface);
    call.offers.delete(iface);
    return { name: 'call:retracted', callId: call.callId, queue: offer?.queue ?? call.queue ?? '', interface: iface, reason, at };
  }

  private dropAllOffers(call: LiveCall, reason: RetractReason, at: string): CallRetracted[] {
    return [...call.offers.keys()].map((iface) => this.dropOffer(call, iface, reason, at));
  }

  /** Channel names of a live call (every leg), for hanging it up. */
  channelNamesOf(callId: string): string[] {
    const call = this.calls.get(callId);
    if (!call) return [];
    return [...call.channels].map((id) => this.channels.get(id)?.channel).filter((name): name is string => !!name);
  }

  /**
   * The channel a MixMonitor of the call goes on: the citizen's leg of a queue call (it outlives transfers), the
   * originated leg of a click-to-call (its id is the call's); either hears both sides once bridged.
   */
  recordingChannelOf(callId: string): string | null {
    const call = this.calls.get(callId);
    if (!call) return null;
    const name = (id: string | null) => (id && call.channels.has(id) ? this.channels.get(id)?.channel ?? null : null);
    return name(call.callerChannelId) ?? name(callId) ?? this.channelNamesOf(callId)[0] ?? null;
  }

  /** Interfaces talking to a caller right now: members are "in call" even before QueueMemberStatus says so. */
  busyInterfaces(): Set<string> {
    const busy = new Set<string>();
    for (const call of this.calls.values()) if (call.answeredBy && !call.transferred) busy.add(call.answeredBy);
    return busy;
  }
}
