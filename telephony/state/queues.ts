import type { MemberFacts, MemberSnapshot, QueueMemberEvent, QueueParamsReport, QueueSnapshot, QueueToday, WaitingCaller } from '../events';

import { deviceKey } from '../ami/channel-names';

export interface LiveQueueFacts {
  name: string;
  serviceLevelSeconds: number | null;
  members: MemberFacts[];
  waiting: WaitingCaller[];
  params?: QueueParamsReport | null;
}

interface QueueRecord {
  name: string;
  serviceLevelSeconds: number;
  waiting: Map<string, WaitingCaller>;
  members: Map<string, MemberFacts>;
  today: QueueToday;
  pbx: QueueParamsReport | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Local calendar day of an ISO instant: "today" for the counters. Every queue event asks, and nearly all of them
 * fall in the day asked last: its local bounds are kept, so only a new day is formatted (and DST is the Date's).
 */
const dayOf = (() => {
  let from = NaN;
  let to = NaN;
  let last = '';
  return (iso: string): string => {
    const ms = Date.parse(iso);
    if (ms >= from && ms < to) return last;
    const d = new Date(ms);
    const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    if (Number.isNaN(ms)) return day;
    last = day;
    from = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    to = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
    return last;
  };
})();

function emptyToday(date: string, serviceLevelSeconds: number): QueueToday {
  return { date, offered: 0, answered: 0, abandoned: 0, answeredWithinServiceLevel: 0, serviceLevelSeconds, waitSecondsSum: 0, talkSecondsSum: 0 };
}

function sameFacts(a: MemberFacts, b: MemberFacts): boolean {
  return (
    a.status === b.status &&
    a.paused === b.paused &&
    a.pausedReason === b.pausedReason &&
    a.inCall === b.inCall &&
    a.callsTaken === b.callsTaken &&
    a.memberName === b.memberName
  );
}

/** Per queue: waiting callers, members, and today's counters. */
export class QueueBook {
  private readonly queues = new Map<string, QueueRecord>();

  constructor(private readonly defaultServiceLevelSeconds: number) {}

  private queue(name: string): QueueRecord {
    let record = this.queues.get(name);
    if (!record) {
      record = { name, serviceLevelSeconds: this.defaultServiceLevelSeconds, waiting: new Map(), members: new Map(), today: emptyToday('', this.defaultServiceLevelSeconds), pbx: null };
      this.queues.set(name, record);
    }
    return record;
  }

  /** The counters of `name` for the day of `at`, reset when the day has changed. */
  private today(name: string, at: string): QueueToday {
    const record = this.queue(name);
    const date = dayOf(at);
    if (record.today.date !== date) record.today = emptyToday(date, record.serviceLevelSeconds);
    return record.today;
  }

  setServiceLevel(name: string, seconds: number): void {
    const record = this.queue(name);
    record.serviceLevelSeconds = seconds;
    record.today.serviceLevelSeconds = seconds;
  }

  countOffered(name: string, at: string): void {
    this.today(name, at).offered += 1;
  }

  countAnswered(name: string, at: string, holdSeconds: number): void {
    const today = this.today(name, at);
    today.answered += 1;
    today.waitSecondsSum += holdSeconds;
    if (holdSeconds <= today.serviceLevelSeconds) today.answeredWithinServiceLevel += 1;
  }

  countAbandoned(name: string, at: string, holdSeconds: number): void {
    const today = this.today(name, at);
    today.abandoned += 1;
    today.waitSecondsSum += holdSeconds;
  }

  countTalk(name: string, at: string, talkSeconds: number): void {
    this.today(name, at).talkSecondsSum += talkSeconds;
  }

  addWaiting(name: string, caller: WaitingCaller): boolean {
    const waiting = this.queue(name).waiting;
    if (waiting.has(caller.callId)) return false;
    waiting.set(caller.callId, caller);
    return true;
  }

  /** Removes a caller and moves the ones behind them up, as Asterisk renumbers positions. */
  removeWaiting(name: string, callId: string): boolean {
    const waiting = this.queues.get(name)?.waiting;
    const leaving = waiting?.get(callId);
    if (!waiting || !leaving) return false;
    waiting.delete(callId);
    for (const caller of waiting.values()) if (caller.position > leaving.position) caller.position -= 1;
    return true;
  }

  /** Stores member facts; false when nothing changed (the same event twice). */
  setMember(facts: MemberFacts): boolean {
    const members = this.queue(facts.queue).members;
    const known = members.get(facts.interface);
    if (known && sameFacts(known, facts)) return false;
    members.set(facts.interface, { ...facts });
    return true;
  }

  /** How Asterisk names the member behind a normalised interface (they differ for Local members). */
  asteriskInterface(iface: string): string {
    const key = deviceKey(iface);
    for (const record of this.queues.values()) {
      for (const member of record.members.values()) if (deviceKey(member.interface) === key) return member.asteriskInterface;
    }
    return iface;
  }

  removeMember(name: string, iface: string): boolean {
    return this.queues.get(name)?.members.delete(iface) ?? false;
  }

  /**
   * Replaces members and waiting callers (resync); counters and service levels survive. Queues Asterisk no
   * longer reports are dropped, so the book is as large as the PBX's configuration, never more.
   */
  replaceLive(queues: LiveQueueFacts[]): void {
    this.dropUnreported(queues);
    for (const record of this.queues.values()) {
      record.members.clear();
      record.waiting.clear();
    }
    for (const q of queues) {
      const record = this.queue(q.name);
      if (q.serviceLevelSeconds !== null) this.setServiceLevel(q.name, q.serviceLevelSeconds);
      if (q.params) record.pbx = q.params;
      for (const m of q.members) record.members.set(m.interface, { ...m });
      for (const w of q.waiting) record.waiting.set(w.callId, { ...w });
    }
  }

  /**
   * Members as QueueStatus reports them now (after `module reload app_queue`, or a periodic check: `queue
   * reload` sends no event at all). Returns the member events that bring listeners up to date.
   */
  refreshMembers(queues: LiveQueueFacts[], at: string): QueueMemberEvent[] {
    const out: QueueMemberEvent[] = [];
    for (const record of this.dropUnreported(queues)) {
      for (const iface of record.members.keys()) out.push({ name: 'member:removed', queue: record.name, interface: iface, at });
    }
    for (const q of queues) {
      const record = this.queue(q.name);
      if (q.serviceLevelSeconds !== null) this.setServiceLevel(q.name, q.serviceLevelSeconds);
      if (q.params) record.pbx = q.params;
      const reported = new Set(q.members.map((m) => m.interface));
      for (const iface of [...record.members.keys()]) {
        if (reported.has(iface)) continue;
        record.members.delete(iface);
        out.push({ name: 'member:removed', queue: q.name, interface: iface, at });
      }
      for (const m of q.members) {
        const known = record.members.has(m.interface);
        if (this.setMember(m)) out.push({ name: known ? 'member:status' : 'member:added', ...m, at });
      }
    }
    return out;
  }

  private dropUnreported(queues: LiveQueueFacts[]): QueueRecord[] {
    const names = new Set(queues.map((q) => q.name));
    const dropped = [...this.queues.values()].filter((record) => !names.has(record.name));
    for (const record of dropped) this.queues.delete(record.name);
    return dropped;
  }

  clearWaiting(): void {
    for (const record of this.queues.values()) record.waiting.clear();
  }

  snapshot(at: string, busyInterfaces: ReadonlySet<string>): QueueSnapshot[] {
    return [...this.queues.values()].map((record) => ({
      name: record.name,
      waiting: [...record.waiting.values()].sort((a, b) => a.position - b.position).map((w) => ({ ...w })),
      members: [...record.members.values()].map((m): MemberSnapshot => ({
        interface: m.interface,
        memberName: m.memberName,
        status: m.status,
        paused: m.paused,
        pausedReason: m.pausedReason,
        inCall: m.inCall || busyInterfaces.has(m.interface),
        callsTaken: m.callsTaken,
      })),
      today: { ...this.today(record.name, at) },
      pbx: record.pbx ? { ...record.pbx } : null,
    }));
  }
}
