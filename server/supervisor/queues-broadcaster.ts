import type { AgentDirectory } from '../agents/agent-directory';
import type { SupervisorLive } from '../realtime/contract';
import { rooms, type Realtime, type RealtimeSocket } from '../realtime/gateway';
import type { AgentGridRow } from '../realtime/contract';
import { coalesce } from './coalesce';
import { emitSliced } from '../realtime/sliced-emit';
import { agentQueuesView, queueSets } from './queues-view';
import { deviceKey } from '../../telephony';

export interface LiveSource {
  build(): SupervisorLive;
  current(): Promise<SupervisorLive>;
}

/** Supervisors and admins see the whole picture; everyone else at most their own queues' counts. */
export const isSupervisor = (role: string) => role === 'supervisor' || role === 'admin';

/**
 * `queues:snapshot` and `agents:grid` to the supervisors on connect and after changes, coalesced: a burst of
 * events (1,000 in a second) becomes at most one broadcast per `intervalMs` (150 ms). Agents get their own
 * queues' slice the same way but at most every `agentsIntervalMs` (1 s): "N callers waiting" needs no more,
 * and a thousand consoles are then not written to seven times a second.
 */
export function createQueuesBroadcaster(deps: {
  realtime: Realtime; live: LiveSource; directory: AgentDirectory; intervalMs?: number; agentsIntervalMs?: number;
  /** Each grid as built (the staffing's agent-state log follows it). */
  onGrid?: (rows: AgentGridRow[], at: Date) => void;
}) {
  const { realtime, live, directory } = deps;
  // The grid as last broadcast, row by row: only rows that changed go out (1,000 agents, one of them moved).
  let sentRows = new Map<number, string>();

  function gridDelta(rows: AgentGridRow[]): { agents: AgentGridRow[]; removed: number[] } {
    const next = new Map<number, string>();
    const agents: AgentGridRow[] = [];
    for (const row of rows) {
      const json = JSON.stringify(row);
      next.set(row.userId, json);
      if (sentRows.get(row.userId) !== json) agents.push(row);
    }
    const removed = [...sentRows.keys()].filter((id) => !next.has(id));
    sentRows = next;
    return { agents, removed };
  }

  function toAgents(picture: SupervisorLive = live.build()): void {
    const queues = picture.queues;
    const sets = queueSets(queues);
    // Agents serving the same queues get the same slice: one emit (encoded once) per group, not per agent.
    const groups = new Map<string, { names: string[]; rooms: string[] }>();
    for (const user of directory.all()) {
      if (isSupervisor(user.role)) continue;
      if (!realtime.online(user.id)) continue;
      const names = sets.get(deviceKey(user.interface)) ?? [];
      const group = groups.get(names.join('\n')) ?? { names, rooms: [] };
      group.rooms.push(rooms.user(user.id));
      groups.set(names.join('\n'), group);
    }
    // A slice of consoles at a time: the loop also carries the pops (see emitSliced). A broadcast is done in a few
    // milliseconds, long before the next one (`agentsIntervalMs`), so two never interleave.
    for (const g of groups.values()) void emitSliced(realtime.io, g.rooms, 'queues:snapshot', { queues: agentQueuesView(queues, g.names), at: picture.at, link: picture.link });
  }

  function toSupervisors(): void {
    const picture = live.build();
    const supervisors = realtime.io.to(rooms.supervisors);
    const head = { at: picture.at, link: picture.link };
    supervisors.except(rooms.leanSupervisors).emit('queues:snapshot', { queues: picture.queues, ...head });
    realtime.io.to(rooms.leanSupervisors).emit('queues:snapshot', { queues: picture.queues.map((q) => ({ ...q, members: [] })), ...head });
    deps.onGrid?.(picture.agents, new Date(picture.at));
    const delta = gridDelta(picture.agents);
    if (delta.agents.length || delta.removed.length) supervisors.emit('agents:grid', { at: picture.at, full: false, ...delta });
  }

  const supervisorsSoon = coalesce(deps.intervalMs ?? 150, toSupervisors);
  const agentsSoon = coalesce(deps.agentsIntervalMs ?? 1000, () => toAgents());

  /** A (re)connecting console gets the whole picture at once, not at the next change. */
  async function sendTo(socket: Pick<RealtimeSocket, 'data' | 'emit'>): Promise<void> {
    const { user } = socket.data;
    if (isSupervisor(user.role)) {
      // Agents added since the last refresh (the CLI, the admin page) show with their names at once.
      await directory.refresh();
      const picture = await live.current();
      socket.emit('queues:snapshot', { queues: picture.queues, at: picture.at, link: picture.link });
      socket.emit('agents:grid', { at: picture.at, full: true, agents: picture.agents });
      // Deltas after this are against the last broadcast, which this socket has not seen: send every row next time.
      sentRows = new Map();
    } else if (user.interface) {
      const picture = await live.current();
      const names = queueSets(picture.queues).get(deviceKey(user.interface)) ?? [];
      socket.emit('queues:snapshot', { queues: agentQueuesView(picture.queues, names), at: picture.at, link: picture.link });
    }
  }

  return {
    sendTo,
    /** Something changed: send soon, but not more often than every `intervalMs` (agents: `agentsIntervalMs`). */
    changed(): void {
      supervisorsSoon.poke();
      agentsSoon.poke();
    },
    stop(): void {
      supervisorsSoon.stop();
      agentsSoon.stop();
    },
  };
}
