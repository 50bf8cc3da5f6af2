import type { Bus, PresentUser } from './bus';

export type PresenceListener = (user: PresentUser, online: boolean, reason: string) => void;

export interface PresenceOptions {
  bus?: Bus;
  /** The users with a socket on this node right now. */
  localUsers(): PresentUser[];
  isLocal(userId: number): boolean;
  /** Each node repeats its whole list this often; a node not heard for 3 periods is gone (ms). */
  everyMs?: number;
}

/**
 * Who has a console open anywhere in the cluster, known synchronously on every node (the leader needs it on
 * the pop's path: hold for wrap-up, audit what reached a screen; and for queue log-in). Each node announces
 * its own users' comings and goings and repeats its whole list; the users of a node that falls silent go.
 */
export function createPresence(o: PresenceOptions) {
  const everyMs = o.everyMs ?? 3000;
  const startedAt = Date.now();
  const remote = new Map<string, { seen: number; users: Map<number, PresentUser> }>();
  const listeners: PresenceListener[] = [];

  const remotelyOnline = (userId: number) => [...remote.values()].some((n) => n.users.has(userId));
  const online = (userId: number) => o.isLocal(userId) || remotelyOnline(userId);
  const tell = (user: PresentUser, isOnline: boolean, reason: string) => {
    for (const listener of listeners) listener(user, isOnline, reason);
  };

  /** Applies a change of one node's list; listeners hear only changes of the cluster-wide answer. */
  function update(nodeId: string, next: Map<number, PresentUser>, reason: string): void {
    const before = remote.get(nodeId)?.users ?? new Map<number, PresentUser>();
    const wasOnline = new Map([...before.keys(), ...next.keys()].map((id) => [id, online(id)]));
    if (next.size || remote.has(nodeId)) remote.set(nodeId, { seen: Date.now(), users: next });
    for (const [id, was] of wasOnline) {
      const now = online(id);
      if (now !== was) tell((next.get(id) ?? before.get(id))!, now, reason);
    }
  }

  const bus = o.bus;
  if (bus) {
    bus.on('presence', (m) => {
      const users = new Map(remote.get(m.from)?.users);
      if (m.online) users.set(m.user.id, m.user);
      else users.delete(m.user.id);
      update(m.from, users, m.reason);
    });
    bus.on('presence:all', (m) => update(m.from, new Map(m.users.map((u) => [u.id, u])), 'resync'));
    bus.on('presence:ask', () => bus.send({ kind: 'presence:all', from: bus.nodeId, users: o.localUsers() }));
    bus.send({ kind: 'presence:ask', from: bus.nodeId });
  }
  const timer = bus
    ? setInterval(() => {
        bus.send({ kind: 'presence:all', from: bus.nodeId, users: o.localUsers() });
        for (const [nodeId, n] of remote) if (Date.now() - n.seen > 3 * everyMs) update(nodeId, new Map(), 'node_lost');
        for (const [nodeId, n] of remote) if (!n.users.size && Date.now() - n.seen > 3 * everyMs) remote.delete(nodeId);
      }, everyMs)
    : undefined;
  timer?.unref();

  return {
    online,
    /** Whether every node has had time to say who is on it (a node that just started knows only its own). */
    warm: () => !bus || Date.now() - startedAt > everyMs + 500,
    /** A user's first socket on this node opened, or the last one closed. */
    local(user: PresentUser, isOnline: boolean, reason: string): void {
      if (!remotelyOnline(user.id)) tell(user, isOnline, reason);
      bus?.send({ kind: 'presence', from: bus.nodeId, user, online: isOnline, reason });
    },
    onChange(listener: PresenceListener): void {
      listeners.push(listener);
    },
    stop: () => clearInterval(timer),
  };
}
export type Presence = ReturnType<typeof createPresence>;
