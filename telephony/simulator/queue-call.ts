import type { Pbx } from './pbx';
import type { SimChannel, SimMember, SimQueue } from './model';
import type { Fields } from './wire';
import { channelFields } from './model';
import { MemberLeg } from './queue-leg';
import { recordAbandoned, recordAnswer, recordCompleted } from './queue-stats';

export interface CallScript {
  from: string;
  name: string;
  did: string;
  ringMs: number;
  talkMs: number;
  hangupBy: 'caller' | 'agent';
  abandonAfterMs: number | null;
  transferTo: string | null;
  linkedId: string | null;
  /** Asterisk in bursts sometimes sends no AgentComplete, or sends it after the Hangups (another topic). */
  agentComplete: 'before_hangup' | 'after_hangup' | 'omitted';
}

export type CallPhase = 'waiting' | 'ringing' | 'connected' | 'transferred' | 'done';

/** One caller in Queue(): the event sequences of shared/reference/asterisk-ami.md §2. */
export class QueueCall {
  readonly caller: SimChannel;
  phase: CallPhase = 'waiting';
  readonly legs = new Map<SimMember, MemberLeg>();
  connected: MemberLeg | null = null;
  transferLeg: SimChannel | null = null;
  private joinedAt: number;
  private originalPosition: number;
  private answeredAt = 0;
  /** app_queue's `callcompletedinsl`, decided at the answer. */
  private answeredInSl = false;
  private readonly timers: Array<() => void> = [];

  constructor(private readonly pbx: Pbx, readonly queue: SimQueue, readonly script: CallScript, private readonly hooks: { done(call: QueueCall): void; retry(call: QueueCall): void }) {
    this.caller = pbx.newChannel({
      name: `PJSIP/trunk-${pbx.channelSuffix()}`,
      ...(script.linkedId ? { linkedid: script.linkedId } : {}),
      state: 4,
      callerNum: script.from,
      callerName: script.name,
      context: 'from-trunk',
      exten: script.did,
    });
    pbx.setState(this.caller, 6);
    Object.assign(this.caller, { application: 'Queue', applicationData: `${queue.name},t,,,600`, context: 'from-trunk', priority: 4 });
    queue.waiting.push(this.caller.uniqueid);
    this.joinedAt = pbx.clock.now();
    this.originalPosition = queue.waiting.length;
    this.emit('QueueCallerJoin', [['Queue', queue.name], ['Position', this.originalPosition], ['Count', queue.waiting.length]]);
    this.emit('MusicOnHoldStart', [['Class', 'default']], 'call');
    if (script.abandonAfterMs !== null) this.later(script.abandonAfterMs, () => this.abandon());
  }

  get callId(): string {
    return this.caller.linkedid;
  }

  private emit(name: string, extra: Fields, eventClass: 'agent' | 'call' = 'agent'): void {
    this.pbx.emit(name, eventClass, [...channelFields(this.caller), ...extra]);
  }

  private memberEvent(name: string, leg: MemberLeg, extra: Fields): void {
    this.emit(name, [...channelFields(leg.queueSide, 'Dest'), ['Queue', this.queue.name], ['Interface', leg.member.interface], ['MemberName', leg.member.name], ...extra]);
  }

  private later(ms: number, task: () => void): void {
    this.timers.push(this.pbx.clock.after(ms, task));
  }

  private recheckTimer: (() => void) | null = null;

  /** Looks for a member again after `ms`, unless something else (a ring, the end) happened first. */
  recheck(ms: number, task: () => void): void {
    this.recheckTimer?.();
    this.recheckTimer = this.pbx.clock.after(ms, () => {
      this.recheckTimer = null;
      if (this.phase === 'waiting') task();
    });
  }

  private position(): number {
    return this.queue.waiting.indexOf(this.caller.uniqueid) + 1;
  }

  /** Rings a member; it answers after `ringMs` or rings out after the queue's timeout. */
  ring(member: SimMember, answers: boolean, ringMs: number): void {
    if (this.phase !== 'waiting' && this.phase !== 'ringing') return;
    this.phase = 'ringing';
    const leg = new MemberLeg(this.pbx, member, this.caller);
    this.legs.set(member, leg);
    this.memberEvent('AgentCalled', leg, []);
    this.pbx.dialBegin(this.caller, leg.queueSide, member.interface);
    leg.dialPhone();
    this.pbx.changeDevice(member.device, { ringing: 1 });
    leg.ringing(this.caller);
    const answersInTime = answers && ringMs < this.queue.ringTimeoutMs;
    leg.cancelTimer = this.pbx.clock.after(answersInTime ? ringMs : this.queue.ringTimeoutMs, () =>
      answersInTime ? this.answer(leg) : this.ringNoAnswer(leg),
    );
  }

  private ringNoAnswer(leg: MemberLeg): void {
    if (this.phase !== 'ringing' || !this.legs.has(leg.member)) return;
    this.memberEvent('AgentRingNoAnswer', leg, [['RingTime', this.pbx.clock.now() - leg.ringStart]]);
    this.dropLeg(leg, 'NOANSWER', 19);
    if (this.legs.size === 0) {
      this.phase = 'waiting';
      this.later(this.queue.retryMs, () => this.hooks.retry(this));
    }
  }

  private dropLeg(leg: MemberLeg, status: string, cause: number): void {
    this.legs.delete(leg.member);
    leg.cancel(this.caller, status, cause);
    this.pbx.changeDevice(leg.member.device, { ringing: -1 });
  }

  private answer(leg: MemberLeg): void {
    if (this.phase !== 'ringing' || !this.legs.has(leg.member)) return;
    this.phase = 'connected';
    this.connected = leg;
    this.legs.delete(leg.member);
    leg.answered(this.caller);
    for (const other of [...this.legs.values()]) this.dropLeg(other, 'CANCEL', 26);
    this.emit('MusicOnHoldStop', [], 'call');
    this.leaveQueue();
    const now = this.pbx.clock.now();
    this.answeredAt = now;
    const holdSeconds = Math.round((now - this.joinedAt) / 1000);
    this.answeredInSl = recordAnswer(this.queue, holdSeconds);
    this.memberEvent('AgentConnect', leg, [['HoldTime', holdSeconds], ['RingTime', Math.round((now - leg.ringStart) / 1000)]]);
    leg.bridgeWith(this.caller);
    this.pbx.changeDevice(leg.member.device, { ringing: -1, inUse: 1 });
    this.later(this.script.talkMs, () => (this.script.transferTo ? this.transfer(this.script.transferTo) : this.complete(this.script.hangupBy)));
  }

  private leaveQueue(): void {
    const position = this.position();
    if (position === 0) return;
    this.queue.waiting.splice(position - 1, 1);
    this.emit('QueueCallerLeave', [['Queue', this.queue.name], ['Position', position], ['Count', this.queue.waiting.length]]);
  }

  /** The talk ends: one side hangs up (§2.2 steps 17–21). */
  /** `soft`: the AMI Hangup action asked (SoftHangupRequest), not that side's phone. */
  complete(by: 'caller' | 'agent', soft = false): void {
    const leg = this.connected;
    if (this.phase !== 'connected' || !leg) return;
    this.phase = 'done';
    const now = this.pbx.clock.now();
    const talkTime = Math.round((now - this.answeredAt) / 1000);
    this.pbx.hangupRequest(by === 'caller' ? this.caller : leg.phone, 16, soft);
    const agentComplete = () =>
      this.memberEvent('AgentComplete', leg, [['HoldTime', Math.round((this.answeredAt - this.joinedAt) / 1000)], ['TalkTime', talkTime], ['Reason', by]]);
    if (this.script.agentComplete === 'before_hangup') agentComplete();
    this.pbx.leaveBridge(this.caller);
    leg.leaveBridges();
    // The side that hung up goes first, as its BYE does.
    if (by === 'caller') this.pbx.hangup(this.caller);
    leg.hangupAll();
    this.pbx.hangup(this.caller);
    if (this.script.agentComplete === 'after_hangup') agentComplete();
    leg.member.callsTaken += 1;
    leg.member.lastCall = Math.floor(now / 1000);
    recordCompleted(this.queue, this.answeredInSl, talkTime);
    this.pbx.changeDevice(leg.member.device, { inUse: -1 });
    this.finish();
  }

  /** The caller hangs up before anyone answered (§2.3). */
  abandon(): void {
    if (this.phase !== 'waiting' && this.phase !== 'ringing') return;
    this.phase = 'done';
    this.pbx.hangupRequest(this.caller);
    for (const leg of [...this.legs.values()]) this.dropLeg(leg, 'CANCEL', 16);
    const holdTime = Math.round((this.pbx.clock.now() - this.joinedAt) / 1000);
    this.emit('QueueCallerAbandon', [['Queue', this.queue.name], ['Position', this.position()], ['OriginalPosition', this.originalPosition], ['HoldTime', holdTime]]);
    this.leaveQueue();
    this.emit('MusicOnHoldStop', [], 'call');
    this.pbx.hangup(this.caller);
    recordAbandoned(this.queue, holdTime);
    this.finish();
  }

  /** The agent blind-transfers the caller to an extension; the caller talks there, then hangs up. */
  transfer(target: string): void {
    const leg = this.connected;
    if (this.phase !== 'connected' || !leg) return;
    this.pbx.emit('BlindTransfer', 'call', [
      ['Result', 'Success'],
      ...channelFields(leg.queueSide, 'Transferer'),
      ...channelFields(this.caller, 'Transferee'),
      ['IsExternal', 'No'],
      ['Context', 'agents'],
      ['Extension', target],
    ]);
    this.handOff();
    const targetLeg = this.pbx.newChannel({ name: `PJSIP/${target}-${this.pbx.channelSuffix()}`, linkedid: this.caller.linkedid, callerNum: target, context: 'agents', exten: target });
    this.pbx.dialBegin(this.caller, targetLeg, `PJSIP/${target}`);
    this.pbx.setState(targetLeg, 6);
    this.pbx.dialEnd(this.caller, targetLeg, 'ANSWER');
    this.connectTarget(targetLeg);
    this.later(this.script.talkMs, () => this.endTransferred());
  }

  /**
   * The agent's part ends with a transfer: app_queue's transfer handler completes it (AgentComplete `transfer`,
   * update_queue) and the member's legs go; the caller waits alone for whatever the transfer does next.
   */
  handOff(): MemberLeg | null {
    const leg = this.connected;
    if (this.phase !== 'connected' || !leg) return null;
    this.phase = 'transferred';
    // The scripted end of the first agent's talk is not the next party's.
    for (const cancel of this.timers.splice(0)) cancel();
    const now = this.pbx.clock.now();
    recordCompleted(this.queue, this.answeredInSl, Math.round((now - this.answeredAt) / 1000));
    // Asterisk 22 (test/fixtures/ami/lab-transfer-blind.ami): the member's legs go first, then AgentComplete.
    this.pbx.leaveBridge(this.caller);
    leg.leaveBridges();
    leg.hangupAll();
    this.memberEvent('AgentComplete', leg, [['HoldTime', Math.round((this.answeredAt - this.joinedAt) / 1000)], ['TalkTime', Math.round((now - this.answeredAt) / 1000)], ['Reason', 'transfer']]);
    leg.member.callsTaken += 1;
    this.pbx.changeDevice(leg.member.device, { inUse: -1 });
    this.connected = null;
    return leg;
  }

  /** After a transfer the caller talks to the target's leg (no queue member any more). */
  connectTarget(target: SimChannel): void {
    if (this.phase !== 'transferred') return;
    this.pbx.connectLines(this.caller, target);
    this.pbx.bridge([this.caller, target]);
    Object.assign(this.caller, { application: 'Dial', applicationData: target.name });
    this.transferLeg = target;
  }

  /** Blind-transferred into a queue (this one or another): the caller waits there anew, same Linkedid. */
  rejoin(queue: SimQueue): void {
    if (this.phase !== 'transferred') return;
    (this as { queue: SimQueue }).queue = queue;
    this.transferLeg = null;
    this.phase = 'waiting';
    queue.waiting.push(this.caller.uniqueid);
    this.joinedAt = this.pbx.clock.now();
    this.originalPosition = queue.waiting.length;
    Object.assign(this.caller, { application: 'Queue', applicationData: `${queue.name},t,,,600` });
    this.emit('QueueCallerJoin', [['Queue', queue.name], ['Position', this.originalPosition], ['Count', queue.waiting.length]]);
    this.emit('MusicOnHoldStart', [['Class', 'default']], 'call');
  }

  /** The transferred call ends: `by` the caller or the target putting the phone down (or nobody answered at all). */
  endTransferred(by: 'caller' | 'target' = 'caller'): void {
    if (this.phase !== 'transferred') return;
    this.phase = 'done';
    const target = this.transferLeg;
    this.pbx.hangupRequest(by === 'target' && target ? target : this.caller);
    this.pbx.leaveBridge(this.caller);
    if (target) this.pbx.leaveBridge(target);
    if (target && by === 'target') this.pbx.hangup(target);
    this.pbx.hangup(this.caller);
    if (target) this.pbx.hangup(target);
    this.finish();
  }

  /** Asterisk went away: the call disappears without events. */
  vanish(): void {
    this.phase = 'done';
    this.recheckTimer?.();
    for (const cancel of this.timers) cancel();
    for (const leg of this.legs.values()) leg.cancelTimer?.();
    this.hooks.done(this);
  }

  private finish(): void {
    this.recheckTimer?.();
    for (const cancel of this.timers) cancel();
    this.hooks.done(this);
  }
}
