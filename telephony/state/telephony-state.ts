import type { TelephonyEvent, TelephonySnapshot } from '../events';
import type { TranslatedEvent } from '../ami/translated';
import type { PbxFacts } from './pbx-facts';
import { CallBook, type FinishedMemory } from './calls';
import { ConferenceBook } from './conferences';
import { QueueBook } from './queues';
import { callSnapshot } from './call-record';
import { rebuildCalls } from './rebuild';

export interface StateOptions {
  /** Service level threshold until QueueStatus tells the queue's own (`servicelevel=` in queues.conf). */
  defaultServiceLevelSeconds?: number;
  /** How many finished call ids to remember, and for how long, so that late events for them stay ignored. */
  finishedMemory?: FinishedMemory;
}

/**
 * The live picture of the PBX, built only from translated events and resync facts.
 * `apply` returns what should be published: nothing when the event changed nothing.
 */
export class TelephonyState {
  readonly queues: QueueBook;
  readonly calls: CallBook;
  readonly conferences = new ConferenceBook();
  /** Set while the link is down: the last moment the PBX's calls were known alive. */
  private aliveUntil: string | null = null;
  /** When the PBX process started (FullyBooted's Uptime): a call known before then and gone now was cut by it. */
  private pbxStartedAt: string | null = null;

  constructor(options: StateOptions = {}) {
    this.queues = new QueueBook(options.defaultServiceLevelSeconds ?? 60);
    this.calls = new CallBook(this.queues, options.finishedMemory);
  }

  apply(e: TranslatedEvent): TelephonyEvent[] {
    const published = this.route(e);
    if ('callId' in e) {
      const call = this.calls.calls.get(e.callId);
      if (call) call.lastEventAt = e.at;
    }
    return published;
  }

  /** Ends calls left without channels for `idleMs` (default 10 minutes); see CallBook.sweep. */
  sweep(at: string, idleMs = 10 * 60_000): TelephonyEvent[] {
    return this.calls.sweep(at, idleMs);
  }

  private route(e: TranslatedEvent): TelephonyEvent[] {
    switch (e.name) {
      case 'channel:created':
        return this.calls.channelCreated(e);
      case 'channel:hangup':
        return this.calls.channelHungUp(e);
      case 'call:queued':
        return this.calls.queued(e);
      case 'call:offered':
        return this.calls.offered(e);
      case 'call:answered':
        return this.calls.answered(e);
      case 'call:retracted':
        return this.calls.retracted(e);
      case 'dial:cancelled':
        return this.calls.dialCancelled(e);
      case 'call:dequeued':
        return this.calls.dequeued(e);
      case 'call:abandoned':
        return this.calls.abandoned(e);
      case 'call:transferred':
        return this.calls.transferred(e);
      case 'call:ended':
        return this.calls.completed(e);
      case 'member:status':
      case 'member:paused':
      case 'member:added': {
        const { name: _name, at: _at, ...facts } = e;
        return this.queues.setMember(facts) ? [e] : [];
      }
      case 'member:removed':
        return this.queues.removeMember(e.queue, e.interface) ? [e] : [];
      case 'conference:started':
      case 'conference:joined':
      case 'conference:left':
      case 'conference:talking':
      case 'conference:muted':
      case 'conference:ended':
        return this.conferences.apply(e);
      case 'originate:result':
      case 'call:dialled':
      case 'recording:started':
      case 'recording:muted':
      case 'recording:stopped':
        return [e];
      case 'pbx:restarted': {
        this.conferences.clear();
        this.queues.clearWaiting();
        // A Shutdown seen live ends calls at its own time; a restart found after a lost link, when we last knew them.
        return [e, ...this.calls.endAll(this.aliveUntil ?? e.at, this.aliveUntil !== null)];
      }
      case 'dial:progress':
        return this.calls.dialProgress(e);
      case 'channel:hangup-request':
        return this.calls.hangupRequested(e);
      case 'transfer:done':
        return this.calls.transferDone(e);
      case 'pbx:booted':
        this.pbxStartedAt = e.startedAt;
        return [];
      default:
        return e satisfies never;
    }
  }

  /**
   * Replaces the live state with what Asterisk reports after a (re)connect. Counters survive.
   * Returns the events that bridge the gap: calls that vanished end, offers and answers that
   * happened while we were away are announced, so no pop is lost.
   */
  replaceWith(facts: PbxFacts, at: string): TelephonyEvent[] {
    const out = rebuildCalls(this.calls, facts, at, this.aliveUntil, this.pbxStartedAt);
    this.aliveUntil = null;
    this.queues.replaceLive(facts.queues);
    this.conferences.replace(facts.conferences);
    return out;
  }

  /** Members and queues as QueueStatus reports them now; the member events that changed. */
  refreshQueues(facts: PbxFacts['queues'], at: string): TelephonyEvent[] {
    return this.queues.refreshMembers(facts, at);
  }

  /** While the link is down (until the next resync): the last moment the PBX's calls were known alive. */
  lastAliveAt(): string | null {
    return this.aliveUntil;
  }

  /** The link went down: whatever ends before it is back ended at some unknown moment after `lastAliveAt`. */
  linkLost(lastAliveAt: string): void {
    this.aliveUntil ??= lastAliveAt;
  }

  snapshot(at: string): TelephonySnapshot {
    return {
      at,
      calls: [...this.calls.calls.values()].map(callSnapshot),
      queues: this.queues.snapshot(at, this.calls.busyInterfaces()),
      conferences: this.conferences.snapshot(),
      ...(this.pbxStartedAt ? { pbxStartedAt: this.pbxStartedAt } : {}),
    };
  }
}
