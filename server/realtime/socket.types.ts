import type { Server, Socket } from 'socket.io';
import type { ServerSideEvents } from '../cluster/bus';
import type { AuthUser } from '../auth/auth.types';
import type { ClientToServerEvents, ServerToClientEvents } from './contract';

/** What the handshake learnt of the socket's session. */
export interface SocketData {
  user: AuthUser;
  sessionId: string;
}
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
