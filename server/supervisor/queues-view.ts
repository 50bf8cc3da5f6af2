import { deviceKey, type QueueSnapshot, type TelephonySnapshot } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import { displayNumber } from '../calls/caller-number';
import type { PbxQueueParams, QueueSettingsView, QueueView } from '../realtime/contract';
import { asteriskFigures, ourFigures } from './day-figures';
import type { DayCall } from './live.repository';

export interface QueueExtras {
  settings(queue: string): QueueSettingsView;
  /** Today's figures of a queue (Kyiv day, from the call log and live events): ours and Asterisk's definitions. */
  today(queue: string, ourThreshold: number, pbxThreshold: number): QueueView['today'];
}

/** Today's figures from the day's calls of one queue. */
export function todayOf(calls: DayCall[], ourThreshold: number, pbxThreshold: number): QueueView['today'] {
  return { ...ourFigures(calls, ourThreshold), asterisk: asteriskFigures(calls, pbxThreshold) };
}

function pbxView(q: QueueSnapshot): PbxQueueParams | null {
  if (!q.pbx) return null;
  const { queue: _queue, ...figures } = q.pbx;
  return figures;
}

/** The supervisors' picture: every queue with its callers, its members mapped to users, today's counters. */
export function queuesView(snapshot: TelephonySnapshot, directory: AgentDirectory, extras: QueueExtras): QueueView[] {
  return snapshot.queues.map((q) => {
    const settings = extras.settings(q.name);
    const waiting = q.waiting.map((w) => ({ callId: w.callId, callerNumber: displayNumber(w.callerNumber), position: w.position, since: w.since }));
    return {
      name: q.name,
      waiting,
      longestWaitSince: waiting.reduce<string | null>((oldest, w) => (oldest === null || w.since < oldest ? w.since : oldest), null),
      members: q.members.map((m) => ({
        interface: m.interface,
        userId: directory.byInterface(m.interface)?.id ?? null,
        status: m.status,
        paused: m.paused,
        pausedReason: m.paused ? m.pausedReason || null : null,
        inCall: m.inCall,
      })),
      today: extras.today(q.name, settings.serviceLevelSeconds, q.today.serviceLevelSeconds),
      settings,
      pbx: pbxView(q),
    };
  });
}

/**
 * An agent's own slice: only the queues they serve, callers without their numbers (not the agent's business
 * until the call rings) and no colleagues. Enough for "N callers waiting in my queues".
 */
export function agentQueuesView(all: QueueView[], queueNames: string[]): QueueView[] {
  return all
    .filter((q) => queueNames.includes(q.name))
    .map((q) => ({ ...q, waiting: q.waiting.map((w) => ({ ...w, callerNumber: null })), members: [] }));
}

/** Device → the queues it is a member of, as a stable key: agents with the same key get the same slice. One pass over members. */
export function queueSets(all: QueueView[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const q of all) {
    for (const m of q.members) {
      const key = deviceKey(m.interface);
      const names = out.get(key) ?? [];
      if (!names.includes(q.name)) names.push(q.name);
      out.set(key, names);
    }
  }
  return out;
}

