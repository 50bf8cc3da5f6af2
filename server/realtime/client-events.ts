import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Role } from '../../db/entities';
import type { AuthUser } from '../auth/auth.types';
import { forbidden } from '../http/errors';
import { parse } from '../http/validate';
import { ackError } from './ack-error';
import type { Ack, AckError, ClientToServerEvents } from './contract';
import type { RealtimeSocket } from './socket.types';

export type ClientEventName = keyof ClientToServerEvents;
/** What the contract says the client sends with `E`. */
export type PayloadOf<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];
/** What a successful acknowledgement of `E` carries besides `ok: true`. */
export type ReplyOf<E extends ClientEventName> = NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends Ack<infer T> ? T : never;

export interface ClientEventSpec<E extends ClientEventName, S extends z.ZodType<PayloadOf<E>>> {
  /** Checked before the payload is read: anyone else is refused as `forbidden`. */
  roles: readonly Role[];
  /** The payload must pass it; the handler never sees anything else. */
  schema: S;
  handle(input: z.output<S>, ctx: { socket: RealtimeSocket; user: AuthUser }): ReplyOf<E> | Promise<ReplyOf<E>>;
}

interface Entry {
  roles: readonly Role[];
  schema: z.ZodType;
  handle(input: unknown, ctx: { socket: RealtimeSocket; user: AuthUser }): object | undefined | Promise<object | undefined>;
}

type Reply = (reply: object) => void;

/** Socket.IO puts the acknowledgement last, and only when the client asked for one; a non-function there is data. */
function splitAck(args: unknown[]): { payload: unknown; ack: Reply | undefined } {
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as Reply) : undefined;
  return { payload: ack && args.length === 1 ? undefined : args[0], ack };
}

const unknownEvent: AckError = { ok: false, error: { code: 'unknown_event', message: 'The server does not know this event.' } };

/**
 * The one gate of every client message (issue 19): the role, then the payload's schema, then the handler, all
 * inside one try so that nothing a client sends can throw past it (an uncaught exception counts towards the
 * last-resort exit). The client gets an acknowledgement whenever it gave a function for one.
 */
export function createClientEvents(log: Logger) {
  const registry = new Map<ClientEventName, Entry>();

  function answer(ack: Reply | undefined, reply: object, event: string): void {
    try {
      ack?.(reply);
    } catch (error) {
      log.error({ err: error, event }, 'socket acknowledgement not sent');
    }
  }

  async function run(name: ClientEventName, entry: Entry, socket: RealtimeSocket, payload: unknown): Promise<object> {
    const { user } = socket.data;
    try {
      if (!entry.roles.includes(user.role)) throw forbidden();
      const input = parse(entry.schema, payload);
      return { ...(await entry.handle(input, { socket, user })), ok: true };
    } catch (error) {
      return ackError(error, log, { event: name, userId: user.id });
    }
  }

  return {
    /** Registers a client event once, for every socket that connects afterwards; a second registration is a bug. */
    on<E extends ClientEventName, S extends z.ZodType<PayloadOf<E>>>(name: E, spec: ClientEventSpec<E, S>): void {
      if (registry.has(name)) throw new Error(`client event ${name} is registered twice`);
      registry.set(name, spec as unknown as Entry);
    },
    attach(socket: RealtimeSocket): void {
      const listen = socket.on.bind(socket) as (name: string, listener: (...args: unknown[]) => void) => void;
      for (const [name, entry] of registry) {
        listen(name, (...args) => {
          const { payload, ack } = splitAck(args);
          void run(name, entry, socket, payload).then((reply) => answer(ack, reply, name));
        });
      }
      socket.onAny((name: unknown, ...args: unknown[]) => {
        if (!registry.has(name as ClientEventName)) answer(splitAck(args).ack, unknownEvent, String(name));
      });
    },
    registered(): Map<ClientEventName, readonly Role[]> {
      return new Map([...registry].map(([name, entry]) => [name, entry.roles]));
    },
  };
}
export type ClientEvents = ReturnType<typeof createClientEvents>;
