import type { Pbx } from './pbx';
import type { SimMember, SimQueue } from './model';
import type { CallScript } from './queue-call';
import { QueueCall } from './queue-call';

/** What `placeCall` takes: a caller dials the queue; every field but `from` and `queue` is optional. */
export interface PlaceCallOptions {
  /** Caller's number, e.g. `+380671234567`. */
  from: string;
  name?: string;
  queue: string;
  /** Member (interface or its phone, e.g. `PJSIP/1001`) that answers. Omitted: normal routing. */
  answeredBy?: string;
  /** Members offered the call first who let it ring out (ring-no-answer), in this order. */
  noAnswer?: string[];
  ringMs?: number;
  talkMs?: number;
  hangupBy?: 'caller' | 'agent';
  /** The caller hangs up after this long unless answered. */
  abandonAfterMs?: number;
  /** After `talkMs` the agent blind-transfers to this extension; the caller talks `talkMs` more there. */
  transferTo?: string;
  /** A Linkedid different from the caller channel's Uniqueid (as when the call came via another channel). */
  linkedId?: string;
  did?: string;
  /** Normal routing, but the first member offered lets it ring out (the generator's ring-no-answer). */
  ringOutFirst?: boolean;
  /** How Asterisk reports the end of the talk: AgentComplete before the Hangups (default), after them, or not at all. */
  agentComplete?: 'before_hangup' | 'after_hangup' | 'omitted';
}

/** app_queue's RECHECK: a waiting caller looks for a free member once a second (and `retry` s after a ring-out). */
export const RECHECK_MS = 1000;

export interface PlacedCall {
  /** Linkedid: the id the telephony layer uses for the call. */
  callId: string;
  /** Uniqueid of the caller's channel. */
  channelId: string;
  channel: string;
}

export interface AgentBehaviour {
  answers: boolean;
  ringMs: number;
  talkMs: number;
  hangupBy: 'caller' | 'agent';
}

interface Routing {
  /** Scripted offers, in order; empty: route by strategy. */
  steps: Array<{ member: SimMember; answers: boolean }>;
  next: number;
  offers: number;
  options: PlaceCallOptions;
}

/** Places callers into queues and routes them to members (rrmemory one by one, ringall all at once). */
export class QueueEngine {
  readonly calls = new Map<string, QueueCall>();
  private readonly routing = new WeakMap<QueueCall, Routing>();

  constructor(private readonly pbx: Pbx, private readonly behaviour: (member: SimMember) => AgentBehaviour) {}

  findMember(queue: SimQueue, iface: string): SimMember {
    const member = queue.members.find((m) => m.interface === iface || m.device === iface);
    if (!member) throw new Error(`simulator: ${iface} is not a member of ${queue.name}`);
    return member;
  }

  placeCall(options: PlaceCallOptions): PlacedCall {
    const queue = this.pbx.queues.get(options.queue);
    if (!queue) throw new Error(`simulator: no queue ${options.queue}`);
    const steps = [
      ...(options.noAnswer ?? []).map((iface) => ({ member: this.findMember(queue, iface), answers: false })),
      ...(options.answeredBy ? [{ member: this.findMember(queue, options.answeredBy), answers: true }] : []),
    ];
    const script: CallScript = {
      from: options.from,
      name: options.name ?? '',
      did: options.did ?? '5000',
      ringMs: options.ringMs ?? 2000,
      talkMs: options.talkMs ?? 30_000,
      hangupBy: options.hangupBy ?? 'caller',
      abandonAfterMs: options.abandonAfterMs ?? null,
      transferTo: options.transferTo ?? null,
      linkedId: options.linkedId ?? null,
      agentComplete: options.agentComplete ?? 'before_hangup',
    };
    const call = new QueueCall(this.pbx, queue, script, { done: (c) => this.onDone(c), retry: (c) => this.route(c) });
    this.calls.set(call.callId, call);
    this.routing.set(call, { steps, next: 0, offers: 0, options });
    this.route(call);
    return { callId: call.callId, channelId: call.caller.uniqueid, channel: call.caller.name };
  }

  /** A transferred caller sent into a queue: routed again like a new caller, by the queue's strategy. */
  requeue(call: QueueCall, queue: SimQueue): void {
    call.rejoin(queue);
    const plan = this.routing.get(call);
    this.routing.set(call, { steps: [], next: 0, offers: 0, options: { ...(plan?.options ?? { from: call.caller.callerNum }), queue: queue.name, answeredBy: undefined, noAnswer: undefined, ringOutFirst: false } });
    this.route(call);
  }

  private onDone(call: QueueCall): void {
    this.calls.delete(call.callId);
  }

  /**
   * A waiting caller's turn, as app_queue's wait loop takes it: try the members now, and if nobody could be
   * rung, look again in a second. A member freed by a hang-up is therefore offered a call up to a second
   * later, never in the same instant, exactly as with a real Asterisk.
   */
  private route(call: QueueCall): void {
    this.tryCalling(call);
    if (call.phase === 'waiting') call.recheck(RECHECK_MS, () => this.route(call));
  }

  /** `is_our_turn` (autofill): only as many callers from the head of the queue try as there are free members. */
  private isOurTurn(call: QueueCall): boolean {
    const free = call.queue.members.filter((m) => this.pbx.isAvailable(m)).length;
    const ahead = call.queue.waiting.indexOf(call.caller.uniqueid);
    const aheadWaiting = call.queue.waiting.slice(0, Math.max(0, ahead)).filter((id) => this.byCaller(id)?.phase === 'waiting').length;
    return aheadWaiting < free;
  }

  private byCaller(uniqueid: string): QueueCall | undefined {
    for (const call of this.calls.values()) if (call.caller.uniqueid === uniqueid) return call;
    return undefined;
  }

  private tryCalling(call: QueueCall): void {
    const plan = this.routing.get(call);
    if (!plan || call.phase !== 'waiting' || !this.isOurTurn(call)) return;
    if (plan.steps.length && call.queue.strategy === 'ringall') {
      // ringall rings everyone free at once; the script only says who picks up.
      for (const member of this.pick(call.queue)) {
        const answers = plan.steps.some((s) => s.member === member && s.answers);
        call.ring(member, answers, plan.options.ringMs ?? this.behaviour(member).ringMs);
      }
      return;
    }
    if (plan.steps.length) {
      const step = plan.steps[plan.next];
      if (!step) return;
      plan.next += 1;
      const ringMs = plan.options.ringMs ?? this.behaviour(step.member).ringMs;
      call.ring(step.member, step.answers, ringMs);
      return;
    }
    for (const member of this.pick(call.queue)) {
      const agent = this.behaviour(member);
      const ringsOut = plan.options.ringOutFirst === true && plan.offers === 0;
      plan.offers += 1;
      call.ring(member, agent.answers && !ringsOut, plan.options.ringMs ?? agent.ringMs);
    }
  }

  private pick(queue: SimQueue): SimMember[] {
    const free = queue.members.filter((m) => this.pbx.isAvailable(m));
    if (queue.strategy === 'ringall' || free.length === 0) return free;
    // rrmemory: the first free member after the one that rang last.
    const count = queue.members.length;
    for (let i = 1; i <= count; i++) {
      const member = queue.members[(queue.lastMemberIndex + i) % count];
      if (free.includes(member)) {
        queue.lastMemberIndex = queue.members.indexOf(member);
        return [member];
      }
    }
    return [];
  }

  /** The call a channel (by name or Uniqueid) belongs to, and which side it is. */
  findChannel(channel: string): { call: QueueCall; side: 'caller' | 'agent' | 'transfer' } | null {
    for (const call of this.calls.values()) {
      if (call.caller.name === channel || call.caller.uniqueid === channel) return { call, side: 'caller' };
      if (call.transferLeg && (call.transferLeg.name === channel || call.transferLeg.uniqueid === channel)) return { call, side: 'transfer' };
      const legs = [...call.legs.values(), ...(call.connected ? [call.connected] : [])];
      if (legs.some((leg) => leg.channels().some((c) => c.name === channel || c.uniqueid === channel))) return { call, side: 'agent' };
    }
    return null;
  }

  /** A test puts that side's phone down, or the AMI Hangup action (`soft`) hangs up a channel of a queue call. */
  hangup(channel: string, soft = false): boolean {
    const found = this.findChannel(channel);
    if (!found) return false;
    const { call, side } = found;
    if (call.phase === 'connected') call.complete(side === 'caller' ? 'caller' : 'agent', soft);
    else if (call.phase === 'transferred') call.endTransferred(side === 'transfer' ? 'target' : 'caller');
    else if (side === 'caller') call.abandon();
    else return false;
    return true;
  }
}
