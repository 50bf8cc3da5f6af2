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
}

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
    };
    const call = new QueueCall(this.pbx, queue, script, { done: (c) => this.onDone(c), retry: (c) => this.route(c) });
    this.calls.set(call.callId, call);
    this.routing.set(call, { steps, next: 0, offers: 0, options });
    this.route(call);
    return { callId: call.callId, channelId: call.caller.uniqueid, channel: call.caller.name };
  }

  private onDone(call: QueueCall): void {
    this.calls.delete(call.callId);
    // A member may be free now: give waiting callers their chance, after the current event burst.
    this.pbx.clock.after(0, () => this.dispatch());
  }

  /** Offers every waiting caller to whoever is free, oldest first. */
  dispatch(): void {
    for (const call of [...this.calls.values()]) if (call.phase === 'waiting') this.route(call);
  }

  private route(call: QueueCall): void {
    const plan = this.routing.get(call);
    if (!plan || call.phase !== 'waiting') return;
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

  /** The AMI Hangup action (or a test) hangs up a channel of a queue call. */
  hangup(channel: string): boolean {
    const found = this.findChannel(channel);
    if (!found) return false;
    const { call, side } = found;
    if (call.phase === 'connected') call.complete(side === 'caller' ? 'caller' : 'agent');
    else if (call.phase === 'transferred') call.endTransferred();
    else if (side === 'caller') call.abandon();
    else return false;
    return true;
  }
}
