import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/postgres-adapter';
import type pg from 'pg';
import { Server } from 'socket.io';
import type { Logger } from 'pino';
import { createBus, type PresentUser } from '../cluster/bus';
import { channelDrops } from '../cluster/channel-drops';
import { createChannelSeal, maxPlainBytes } from '../cluster/channel-seal';
import { createPresence } from '../cluster/presence';
import { sealedPool } from '../cluster/sealed-pool';
import type { AuthUser } from '../auth/auth.types';
import { readCookie, SESSION_COOKIE, type SessionStore } from '../auth/sessions';
import type { Metrics } from '../health/metrics';
import { createClientEvents } from './client-events';
import { originAllowed } from './origin';
import type { RealtimeServer, RealtimeSocket } from './socket.types';

export type { RealtimeServer, RealtimeSocket, SocketData } from './socket.types';

/** Rooms carry personal data to exactly the people who need it; never `io.emit`. */
export const rooms = {
  user: (userId: number) => `user:${userId}`,
  supervisors: 'supervisors',
  /** Supervisors who asked for `queues:snapshot` without members (`queues:lean`); still in `supervisors`. */
  leanSupervisors: 'supervisors:lean',
  /** Whoever has this request open (joined by `request:watch` after an access check). */
  request: (requestId: number) => `request:${requestId}`,
  /** The users of one executor organisation: their portal's list. */
  executor: (executorId: number) => `executor:${executorId}`,
  /** Agents, supervisors and admins: request lists. */
  staff: 'staff',
  /** The sockets of one login session: a logout closes them on whichever node they are. */
  session: (sessionId: string) => `session:${sessionId}`,
};

/** Several nodes: Socket.IO over PostgreSQL (LISTEN/NOTIFY on its own pool), and this node's name. */
export interface RealtimeCluster {
  pool: pg.Pool;
  nodeId: string;
  /** SESSION_SECRET, the same on every node: what the nodes tell each other is sealed with a key derived from it. */
  secret: string;
}

export interface RealtimeDeps {
  sessions: SessionStore;
  log: Logger;
  metrics: Metrics;
  /** Origins a browser socket may come from; null = the Host it addressed. */
  publicOrigins?: readonly string[] | null;
  /** How often live sockets' sessions are checked again (expired, logged out elsewhere, user deactivated). */
  recheckMs?: number;
  /** Absent: a single node, everything in this process. */
  cluster?: RealtimeCluster;
}

const present = (u: AuthUser): PresentUser => ({ id: u.id, role: u.role, interface: u.interface, fullName: u.fullName });

/**
 * Socket.IO on the same origin, authenticated by the same session cookie as the HTTP API. Feature modules
 * register what happens on connect (`onConnect`), every socket already in its user's room by then, and what
 * each client event does (`onClientEvent`).
 */
export function createRealtime(http: HttpServer, deps: RealtimeDeps) {
  const io: RealtimeServer = new Server(http, {
    serveClient: false,
    cors: { origin: false },
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, deps.publicOrigins ?? null)),
  });
  const connectHandlers: ((socket: RealtimeSocket) => void)[] = [];
  const clientEvents = createClientEvents(deps.log.child({ module: 'sockets' }));
  // The adapter's heartbeat tells the nodes apart; a node silent for 3 beats is gone (its sockets with it).
  if (deps.cluster) io.adapter(sealedAdapter(deps.cluster, deps));
  const bus = deps.cluster ? createBus(io, deps.cluster.nodeId) : undefined;
  const localCount = (userId: number) => io.sockets.adapter.rooms.get(rooms.user(userId))?.size ?? 0;
  const presence = createPresence({
    bus,
    isLocal: (userId) => localCount(userId) > 0,
    localUsers: () => {
      const users = new Map<number, PresentUser>();
      for (const s of io.of('/').sockets.values()) users.set(s.data.user.id, present(s.data.user));
      return [...users.values()];
    },
  });

  io.use(async (socket, next) => {
    try {
      const found = await deps.sessions.resolve(readCookie(socket.handshake.headers.cookie, SESSION_COOKIE));
      if (!found) return next(new Error('unauthorized'));
      socket.data = { user: found.user, sessionId: found.sessionId };
      next();
    } catch (e) {
      deps.log.warn({ err: e }, 'socket authentication failed');
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket) => {
    const { user } = socket.data;
    deps.metrics.sockets.inc();
    const first = localCount(user.id) === 0;
    void socket.join(rooms.user(user.id));
    void socket.join(rooms.session(socket.data.sessionId));
    if (user.role === 'supervisor' || user.role === 'admin') void socket.join(rooms.supervisors);
    if (user.role === 'executor' && user.executorId != null) void socket.join(rooms.executor(user.executorId));
    if (user.role === 'agent' || user.role === 'supervisor' || user.role === 'admin') void socket.join(rooms.staff);
    socket.on('disconnect', (reason) => {
      deps.metrics.sockets.dec();
      if (localCount(user.id) === 0) presence.local(present(user), false, reason);
    });
    clientEvents.attach(socket);
    for (const handler of connectHandlers) handler(socket);
    if (first) presence.local(present(user), true, 'connected');
  });

  const recheck = setInterval(() => void closeStaleSockets(io, deps), deps.recheckMs ?? 30_000);
  recheck.unref();
  http.once('close', () => {
    clearInterval(recheck);
    presence.stop();
  });

  return {
    io,
    /** Messages between nodes; absent on a single node. */
    bus,
    /** Whether the user has a console open on any node. */
    online: presence.online,
    /** Whether every node has said who is on it yet (just after a start, only this node's users are known). */
    presenceWarm: presence.warm,
    /** A user's first console anywhere opened, or their last one closed (`reason`: Socket.IO's disconnect reason). */
    onPresence: presence.onChange,
    /** What happens on connect (greetings, snapshots); a message from the client is an `onClientEvent`. */
    onConnect(handler: (socket: RealtimeSocket) => void) {
      connectHandlers.push(handler);
    },
    /** The one way to listen to a client event: role check, schema, an acknowledgement whatever happens. */
    onClientEvent: clientEvents.on,
    /** Every client event registered, and who may send it. */
    clientEvents: clientEvents.registered,
    /** Ends the sockets of a logged-out session at once. */
    disconnectSession(sessionId: string): void {
      io.in(rooms.session(sessionId)).disconnectSockets(true);
    },
    /** Ends every socket of a user whose sessions were closed (deactivated, rights changed, password reset). */
    disconnectUser(userId: number): void {
      io.in(rooms.user(userId)).disconnectSockets(true);
    },
  };
}

/**
 * Socket.IO's PostgreSQL adapter on a pool that seals every message and refuses what is not sealed
 * (server/cluster/sealed-pool.ts). Sealed text is a third longer, so messages go through the attachments
 * table from a size whose sealed form still fits a NOTIFY.
 */
function sealedAdapter(cluster: RealtimeCluster, deps: RealtimeDeps) {
  const drops = channelDrops(deps.metrics.clusterDropped, deps.log.child({ module: 'cluster' }));
  const pool = sealedPool(cluster.pool, createChannelSeal({ secret: cluster.secret }), drops);
  return createAdapter(pool, {
    heartbeatInterval: 2000, heartbeatTimeout: 6000, payloadThreshold: maxPlainBytes,
    errorHandler: (e) => deps.log.warn({ err: e }, 'socket adapter error'),
  });
}

/**
 * A socket is authenticated once, at the handshake; a session can end later without a logout here (it
 * expires, another node or the CLI deactivates the user). Each node checks its own sockets again; when the
 * database cannot answer, sockets stay (an outage is not a logout).
 */
async function closeStaleSockets(io: RealtimeServer, deps: RealtimeDeps): Promise<void> {
  const sockets = [...io.of('/').sockets.values()];
  if (!sockets.length) return;
  try {
    const live = await deps.sessions.stillValid([...new Set(sockets.map((s) => s.data.sessionId))]);
    for (const s of sockets) if (!live.has(s.data.sessionId)) s.disconnect(true);
  } catch (e) {
    deps.log.warn({ err: e }, 'socket sessions could not be checked again');
  }
}
export type Realtime = ReturnType<typeof createRealtime>;
