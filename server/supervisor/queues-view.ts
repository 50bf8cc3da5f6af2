import { sameDevice, type QueueSnapshot, type TelephonySnapshot } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import { displayNumber } from '../calls/caller-number';
import type { QueueView } from '../realtime/contract';

function today(q: QueueSnapshot): QueueView['today'] {
  const t = q.today;
  const finished = t.answered + t.abandoned;
  return {
    offered: t.offered,
    answered: t.answered,
    abandoned: t.abandoned,
    // Service level as a fraction: answered within the threshold among callers who got an outcome.
    serviceLevel: finished > 0 ? t.answeredWithinServiceLevel / finished : null,
    averageWaitSeconds: finished > 0 ? Math.round(t.waitSecondsSum / finished) : null,
  };
}

/** The supervisors' picture: every queue with its callers, its members mapped to users, today's counters. */
export function queuesView(snapshot: TelephonySnapshot, directory: AgentDirectory): QueueView[] {
  return snapshot.queues.map((q) => ({
    name: q.name,
    waiting: q.waiting.map((w) => ({ callId: w.callId, callerNumber: displayNumber(w.callerNumber), position: w.position, since: w.since })),
    members: q.members.map((m) => ({
      interface: m.interface,
      userId: directory.byInterface(m.interface)?.id ?? null,
      status: m.status,
      paused: m.paused,
      pausedReason: m.paused ? m.pausedReason || null : null,
      inCall: m.inCall,
    })),
    today: today(q),
  }));
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
