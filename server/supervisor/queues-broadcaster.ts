import type { Telephony } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import { rooms, type Realtime, type RealtimeSocket } from '../realtime/gateway';
import { agentQueuesView, queueSetOf, queuesView } from './queues-view';

/**
 * `queues:snapshot` to the supervisors on connect and after changes, coalesced: a burst of events (50 calls a
 * second) becomes at most one snapshot per `intervalMs`. Agents get their own queues' slice the same way.
 */
export function createQueuesBroadcaster(deps: { realtime: Realtime; telephony?: Telephony; directory: AgentDirectory; intervalMs?: number }) {
  const { realtime, telephony, directory } = deps;
  const intervalMs = deps.intervalMs ?? 500;
  let timer: NodeJS.Timeout | null = null;
  let lastSent = 0;

  const view = () => (telephony ? queuesView(telephony.snapshot(), directory) : []);

  function broadcast(): void {
    timer = null;
    lastSent = Date.now();
    const queues = view();
    realtime.io.to(rooms.supervisors).emit('queues:snapshot', { queues });
    // Agents serving the same queues get the same slice: one emit (encoded once) per group, not per agent.
    const groups = new Map<string, { names: string[]; rooms: string[] }>();
    for (const user of directory.all()) {
      if (user.role === 'supervisor' || user.role === 'admin') continue;
      if (!realtime.online(user.id)) continue;
      const names = queueSetOf(queues, user.interface);
      const group = groups.get(names.join('\n')) ?? { names, rooms: [] };
      group.rooms.push(rooms.user(user.id));
      groups.set(names.join('\n'), group);
    }
    for (const g of groups.values()) realtime.io.to(g.rooms).emit('queues:snapshot', { queues: agentQueuesView(queues, g.names) });
  }

  async function sendTo(socket: Pick<RealtimeSocket, 'data' | 'emit'>): Promise<void> {
    const { user } = socket.data;
    if (user.role === 'supervisor' || user.role === 'admin') {
      // Agents added since the last refresh (the CLI, the admin page) show with their names at once.
      await directory.refresh();
      socket.emit('queues:snapshot', { queues: view() });
    } else if (user.interface) {
      const queues = view();
      socket.emit('queues:snapshot', { queues: agentQueuesView(queues, queueSetOf(queues, user.interface)) });
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
