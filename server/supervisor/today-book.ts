import type { TelephonyEvent } from '../../telephony';
import type { DayCall } from './live.repository';
import { kyivDay } from './kyiv-day';

/** Later knowledge wins field by field; a finished outcome is never taken back to "in progress". */
function merge(known: DayCall, read: DayCall): DayCall {
  return {
    ...read,
    agentUserId: known.agentUserId ?? read.agentUserId,
    queuedAt: Math.min(known.queuedAt, read.queuedAt),
    answeredAt: known.answeredAt ?? read.answeredAt,
    endedAt: known.endedAt ?? read.endedAt,
    completedAt: known.completedAt ?? read.completedAt,
    holdSeconds: known.holdSeconds ?? read.holdSeconds,
    talkSeconds: known.talkSeconds ?? read.talkSeconds,
    wrapUpSeconds: read.wrapUpSeconds ?? known.wrapUpSeconds,
    outcome: known.outcome !== 'in_progress' ? known.outcome : read.outcome,
  };
}

/**
 * Today's queue calls, one entry per call: seeded from the call log (so counters survive a restart and agree
 * with the database on every node) and moved on by live events between re-reads. Entries are per call, so a
 * re-read and the events that raced it merge instead of counting a call twice.
 */
const longerWait = (a: number | null | undefined, b: number | null | undefined) => (a == null ? b : b == null ? a : Math.max(a, b));

export class TodayBook {
  private calls = new Map<string, DayCall>();
  day = '';
  /** Bumped on every change, so figures are computed again only when something changed. */
  version = 0;

  /** Starts a new day (empty) when `now` is past the book's; true when it did. */
  roll(now: Date): boolean {
    const day = kyivDay(now);
    if (day === this.day) return false;
    this.day = day;
    this.calls = new Map();
    this.version += 1;
    return true;
  }

  /** The call log's rows for `day`; ignored when the day has moved on meanwhile. */
  merge(day: string, rows: DayCall[]): void {
    if (day !== this.day) return;
    this.version += 1;
    for (const row of rows) {
      const known = this.calls.get(row.id);
      this.calls.set(row.id, known ? merge(known, row) : row);
    }
  }

  /** Calls of the day known so far. */
  get size(): number {
    return this.calls.size;
  }

  all(): DayCall[] {
    return [...this.calls.values()];
  }

  /** A live event; `agentOf` maps a member interface to its user. */
  apply(e: TelephonyEvent, agentOf: (iface: string) => number | null): boolean {
    const changed = this.applyOne(e, agentOf);
    if (changed) this.version += 1;
    return changed;
  }

  private applyOne(e: TelephonyEvent, agentOf: (iface: string) => number | null): boolean {
    const at = 'at' in e ? Date.parse(e.at) : NaN;
    if (e.name === 'call:queued') {
      if (kyivDay(new Date(at)) !== this.day || this.calls.has(e.callId)) return false;
      this.calls.set(e.callId, {
        id: e.callId, queue: e.queue, agentUserId: null, queuedAt: at, answeredAt: null, endedAt: null, completedAt: null,
        holdSeconds: null, talkSeconds: null, wrapUpSeconds: null, outcome: 'in_progress',
      });
      return true;
    }
    // Calls that joined before midnight (or before we knew of them) belong to another day or come with the re-read.
    const call = 'callId' in e ? this.calls.get(e.callId) : undefined;
    if (!call) return false;
    switch (e.name) {
      case 'call:answered':
        // A wait only grows: a restarted server hears the answers of calls already talking again with a wait of 0,
        // and a real Asterisk may say 0 before the agent's connect says the HoldTime.
        Object.assign(call, { answeredAt: call.answeredAt ?? at, holdSeconds: longerWait(call.holdSeconds, e.holdSeconds), outcome: 'answered', agentUserId: agentOf(e.interface) ?? call.agentUserId });
        return true;
      case 'call:abandoned':
        if (call.answeredAt !== null) return false;
        Object.assign(call, { outcome: 'abandoned', holdSeconds: e.holdSeconds, endedAt: call.endedAt ?? at });
        return true;
      case 'call:transferred':
        Object.assign(call, { talkSeconds: call.talkSeconds ?? e.talkSeconds, completedAt: call.completedAt ?? at });
        return true;
      case 'call:ended':
        return this.ended(call, e.talkSeconds, e.holdSeconds, at);
      default:
        return false;
    }
  }

  private ended(call: DayCall, talkSeconds: number, holdSeconds: number, at: number): boolean {
    if (call.endedAt !== null && call.outcome !== 'abandoned') return false;
    call.endedAt ??= at;
    if (call.answeredAt !== null) {
      call.talkSeconds ??= talkSeconds;
      call.completedAt ??= at;
    } else if (call.outcome === 'in_progress') {
      call.outcome = 'unanswered';
      call.holdSeconds ??= holdSeconds;
    }
    return true;
  }
}
