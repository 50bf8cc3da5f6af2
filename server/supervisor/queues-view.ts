import { sameDevice, type QueueSnapshot, type TelephonySnapshot } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import { displayNumber } from '../calls/caller-number';
import type { PbxQueueParams, QueueSettingsView, QueueView } from '../realtime/contract';
import { asteriskFigures, ourFigures } from './day-figures';
import type { DayCall } from './live.repository';

export interface QueueExtras {
  /** Today's calls (Kyiv day) of every queue, from the call log and live events. */
  calls: DayCall[];
  settings(queue: string): QueueSettingsView;
}

function pbxView(q: QueueSnapshot): PbxQueueParams | null {
  if (!q.pbx) return null;
  const { queue: _queue, ...figures } = q.pbx;
  return figures;
}

/** The supervisors' picture: every queue with its callers, its members mapped to users, today's counters. */
export function queuesView(snapshot: TelephonySnapshot, directory: AgentDirectory, extras: QueueExtras): QueueView[] {
  const byQueue = new Map<string, DayCall[]>();
  for (const call of extras.calls) {
    const list = byQueue.get(call.queue);
    if (list) list.push(call);
    else byQueue.set(call.queue, [call]);
  }
  return snapshot.queues.map((q) => {
    const settings = extras.settings(q.name);
    const calls = byQueue.get(q.name) ?? [];
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
      today: { ...ourFigures(calls, settings.serviceLevelSeconds), asterisk: asteriskFigures(calls, q.today.serviceLevelSeconds) },
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

/** The queues an interface is a member of, as a stable key: agents with the same key get the same slice. */
export function queueSetOf(all: QueueView[], iface: string): string[] {
  return all.filter((q) => q.members.some((m) => sameDevice(m.interface, iface))).map((q) => q.name);
}
