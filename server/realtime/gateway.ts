import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { AuthUser } from '../auth/auth.types';
import { readCookie, SESSION_COOKIE, type SessionStore } from '../auth/sessions';
import type { Metrics } from '../health/metrics';
import type { ClientToServerEvents, ServerToClientEvents } from './contract';
import { originAllowed } from './origin';

export interface SocketData {
  user: AuthUser;
  sessionId: string;
}
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

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
};

export interface RealtimeDeps {
  sessions: SessionStore;
  log: Logger;
  metrics: Metrics;
  /** Origins a browser socket may come from; null = the Host it addressed. */
  publicOrigins?: readonly string[] | null;
  /** How often live sockets' sessions are checked again (expired, logged out elsewhere, user deactivated). */
  recheckMs?: number;
}

/**
 * Socket.IO on the same origin, authenticated by the same session cookie as the HTTP API. Feature modules
 * register what happens on connect (`onConnect`); every socket is already in its user's room by then.
 */
export function createRealtime(http: HttpServer, deps: RealtimeDeps) {
  const io: RealtimeServer = new Server(http, {
    serveClient: false,
    cors: { origin: false },
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, deps.publicOrigins ?? null)),
  });
  const connectHandlers: ((socket: RealtimeSocket) => void)[] = [];

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
    void socket.join(rooms.user(user.id));
    if (user.role === 'supervisor' || user.role === 'admin') void socket.join(rooms.supervisors);
    if (user.role === 'executor' && user.executorId != null) void socket.join(rooms.executor(user.executorId));
    if (user.role === 'agent' || user.role === 'supervisor' || user.role === 'admin') void socket.join(rooms.staff);
    socket.on('disconnect', () => deps.metrics.sockets.dec());
    for (const handler of connectHandlers) handler(socket);
  });

  const recheck = setInterval(() => void closeStaleSockets(io, deps), deps.recheckMs ?? 30_000);
  recheck.unref();
  http.once('close', () => clearInterval(recheck));

  return {
    io,
    onConnect(handler: (socket: RealtimeSocket) => void) {
      connectHandlers.push(handler);
    },
    /** Ends the sockets of a logged-out session at once. */
    async disconnectSession(sessionId: string) {
      for (const s of await io.fetchSockets()) if (s.data.sessionId === sessionId) s.disconnect(true);
    },
    /** Ends every socket of a user whose sessions were closed (deactivated, rights changed, password reset). */
    disconnectUser(userId: number): void {
      io.in(rooms.user(userId)).disconnectSockets(true);
    },
  };
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
