import type { Server } from 'socket.io';
import { z } from 'zod';
import { REASON_CODES, type Reason } from '../http/reasons';

/** Who is online on a node, as the leader needs it: enough to log them in and out of the queues. */
export interface PresentUser {
  id: number;
  role: string;
  interface: string | null;
  fullName: string;
}

/** Messages between nodes, over the Socket.IO adapter's server-side events (PostgreSQL NOTIFY). */
export type ClusterMessage =
  | { kind: 'call'; from: string; id: string; op: string; args: unknown }
  | { kind: 'reply'; to: string; id: string; ok: true; result: unknown }
  | { kind: 'reply'; to: string; id: string; ok: false; error: { status: number; code: string; message: string; fields?: Record<string, string>; reasons?: Record<string, Reason> } }
  | { kind: 'presence'; from: string; user: PresentUser; online: boolean; reason: string }
  | { kind: 'presence:all'; from: string; users: PresentUser[] }
  | { kind: 'presence:ask'; from: string }
  | { kind: 'outages'; from: string };

const text = z.string().max(200);
const presentUser = z.object({ id: z.number().int().positive(), role: text, interface: text.nullable(), fullName: text });
const errorShape = z.object({
  status: z.number().int(), code: text, message: z.string().max(2000), fields: z.record(z.string(), z.string()).optional(),
  reasons: z.record(z.string(), z.object({ code: z.enum(REASON_CODES) }).catchall(z.union([z.string(), z.number()]))).optional(),
});
/** The shape every message must have before a handler sees it; an operation's `args` are checked by the operation. */
const messageSchema = z.union([
  z.object({ kind: z.literal('call'), from: text, id: text, op: text, args: z.unknown() }),
  z.object({ kind: z.literal('reply'), to: text, id: text, ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('reply'), to: text, id: text, ok: z.literal(false), error: errorShape }),
  z.object({ kind: z.literal('presence'), from: text, user: presentUser, online: z.boolean(), reason: text }),
  z.object({ kind: z.literal('presence:all'), from: text, users: z.array(presentUser).max(100_000) }),
  z.object({ kind: z.literal('presence:ask'), from: text }),
  // An outage or a street renaming changed: every node reloads its index (the AMI leader's pops use it).
  z.object({ kind: z.literal('outages'), from: text }),
]);

export interface ServerSideEvents {
  cluster: (message: ClusterMessage) => void;
}

type Handler<K extends ClusterMessage['kind']> = (message: Extract<ClusterMessage, { kind: K }>) => void;

/** Every other node gets every message (never this one); each kind has its handlers here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createBus(io: Server<any, any, ServerSideEvents, any>, nodeId: string) {
  const handlers = new Map<string, ((m: ClusterMessage) => void)[]>();
  io.on('cluster', (raw: unknown) => {
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data as ClusterMessage;
    for (const handler of handlers.get(message.kind) ?? []) handler(message);
  });
  return {
    nodeId,
    send(message: ClusterMessage): void {
      io.serverSideEmit('cluster', message);
    },
    on<K extends ClusterMessage['kind']>(kind: K, handler: Handler<K>): void {
      handlers.set(kind, [...(handlers.get(kind) ?? []), handler as (m: ClusterMessage) => void]);
    },
  };
}
export type Bus = ReturnType<typeof createBus>;
