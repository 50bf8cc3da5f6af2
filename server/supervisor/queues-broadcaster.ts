import type { AgentDirectory } from '../agents/agent-directory';
import type { SupervisorLive } from '../realtime/contract';
import { rooms, type Realtime, type RealtimeSocket } from '../realtime/gateway';
import { agentQueuesView, queueSetOf } from './queues-view';

export interface LiveSource {
  build(): SupervisorLive;
  current(): Promise<SupervisorLive>;
}

/** Supervisors and admins see the whole picture; everyone else at most their own queues' counts. */
export const isSupervisor = (role: string) => role === 'supervisor' || role === 'admin';

/**
 * `queues:snapshot` and `agents:grid` to the supervisors on connect and after changes, coalesced: a burst of
 * events (1,000 in a second) becomes at most one broadcast per `intervalMs`, built from the state as it is
 * then, so nothing queues up behind it. Agents get their own queues' slice the same way.
 */
export function createQueuesBroadcaster(deps: { realtime: Realtime; live: LiveSource; directory: AgentDirectory; intervalMs?: number }) {
  const { realtime, live, directory } = deps;
  const intervalMs = deps.intervalMs ?? 150;
  let timer: NodeJS.Timeout | null = null;
  let lastSent = 0;

  function toAgents(picture: SupervisorLive): void {
    const queues = picture.queues;
    // Agents serving the same queues get the same slice: one emit (encoded once) per group, not per agent.
    const groups = new Map<string, { names: string[]; rooms: string[] }>();
    for (const user of directory.all()) {
      if (isSupervisor(user.role)) continue;
      if (!realtime.io.sockets.adapter.rooms.get(rooms.user(user.id))?.size) continue;
      const names = queueSetOf(queues, user.interface);
      const group = groups.get(names.join('\n')) ?? { names, rooms: [] };
      group.rooms.push(rooms.user(user.id));
      groups.set(names.join('\n'), group);
    }
    for (const g of groups.values()) realtime.io.to(g.rooms).emit('queues:snapshot', { queues: agentQueuesView(queues, g.names), at: picture.at, link: picture.link });
  }

  function broadcast(): void {
    timer = null;
    lastSent = Date.now();
    const picture = live.build();
    const supervisors = realtime.io.to(rooms.supervisors);
    supervisors.emit('queues:snapshot', { queues: picture.queues, at: picture.at, link: picture.link });
    supervisors.emit('agents:grid', { at: picture.at, agents: picture.agents });
    toAgents(picture);
  }

  /** A (re)connecting console gets the whole picture at once, not at the next change. */
  async function sendTo(socket: RealtimeSocket): Promise<void> {
    const { user } = socket.data;
    if (isSupervisor(user.role)) {
      // Agents added since the last refresh (the CLI, the admin page) show with their names at once.
      await directory.refresh();
      const picture = await live.current();
      socket.emit('queues:snapshot', { queues: picture.queues, at: picture.at, link: picture.link });
      socket.emit('agents:grid', { at: picture.at, agents: picture.agents });
    } else if (user.interface) {
      const picture = await live.current();
      socket.emit('queues:snapshot', { queues: agentQueuesView(picture.queues, queueSetOf(picture.queues, user.interface)), at: picture.at, link: picture.link });
    }
  }

  return {
    sendTo,
    /** Something changed: send soon, but not more often than every `intervalMs`. */
    changed(): void {
      if (timer) return;
      timer = setTimeout(broadcast, Math.max(0, lastSent + intervalMs - Date.now()));
      timer.unref();
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
