import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth.types';
import { badRequest } from '../http/errors';
import { createClientEvents } from './client-events';
import type { RealtimeServer } from './socket.types';

const agent: AuthUser = { id: 7, username: 'agent7', fullName: 'Агент', role: 'agent', interface: 'PJSIP/1007', phone: null, executorId: null };

/** A real Socket.IO server whose sockets belong to `agent`, with the guard attached; no database needed. */
async function serve(register: (events: ReturnType<typeof createClientEvents>) => void) {
  const http = createServer();
  const io: RealtimeServer = new Server(http);
  const events = createClientEvents(pino({ level: 'silent' }));
  register(events);
  io.use((socket, next) => {
    socket.data = { user: agent, sessionId: 's' };
    next();
  });
  io.on('connection', (socket) => events.attach(socket));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client: Socket = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise((resolve) => client.on('connect', () => resolve(undefined)));
  afterAll(async () => {
    client.close();
    await io.close();
  });
  return { client, events };
}

const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);
process.on('uncaughtException', onEscape);
process.on('unhandledRejection', onEscape);
afterAll(() => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
});
afterEach(() => expect(escaped).toEqual([]));

describe('the guard of client events', async () => {
  const handled: unknown[] = [];
  const { client, events } = await serve((e) => {
    e.on('queues:lean', {
      roles: ['agent'],
      schema: z.object({ lean: z.boolean() }),
      handle({ lean }) {
        handled.push(lean);
        if (lean) throw new TypeError('a bug in a synchronous handler');
        return {};
      },
    });
    e.on('agent:queue', { roles: ['agent'], schema: z.object({ loggedIn: z.boolean() }), handle: async () => Promise.reject(badRequest('no', { loggedIn: 'why' })) });
    e.on('supervisor:snapshot', { roles: ['supervisor'], schema: z.object({}), handle: () => ({ snapshot: null as never }) });
  });

  it('when a handler throws synchronously, then the client gets internal_error and no stack; nothing escapes', async () => {
    expect(await client.emitWithAck('queues:lean', { lean: true })).toEqual({ ok: false, error: { code: 'internal_error', message: expect.not.stringMatching(/TypeError|\.ts:/) } });
    expect(await client.emitWithAck('queues:lean', { lean: false })).toEqual({ ok: true });
  });

  it('when a handler rejects with a domain error, then its code, message, fields and their reasons are the acknowledgement', async () => {
    expect(await client.emitWithAck('agent:queue', { loggedIn: true })).toEqual({ ok: false, error: { code: 'invalid_input', message: 'no', fields: { loggedIn: 'why' }, reasons: { loggedIn: { code: 'invalid' } } } });
  });

  it('when a role may not send the event, then it is refused before the payload is read or the handler runs', async () => {
    const before = handled.length;
    expect(await client.emitWithAck('supervisor:snapshot', { toString: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handled.length).toBe(before);
  });

  it('when the client sends no acknowledgement, a non-function one or extra arguments, then nothing is thrown and the handler runs once per message', async () => {
    const before = handled.length;
    client.emit('queues:lean', { lean: true });
    client.emit('queues:lean', { lean: false }, 'not a function');
    expect(await client.emitWithAck('queues:lean', { lean: false }, 'extra', { more: 1 })).toEqual({ ok: true });
    expect(handled.slice(before)).toEqual([true, false, false]);
  });

  it('when only an acknowledgement comes, then the payload is missing (invalid_input), not the acknowledgement taken as payload', async () => {
    expect(await client.emitWithAck('queues:lean')).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { _: expect.any(String) } } });
  });

  it('when an unknown event asks for an acknowledgement, then it is answered unknown_event; without one it is dropped', async () => {
    client.emit('no:such', { id: 1 });
    expect(await client.emitWithAck('no:such', { id: 1 })).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
  });

  it('when an event is registered twice, then registering fails at once (a bug, not a runtime surprise)', () => {
    expect(() => events.on('queues:lean', { roles: [], schema: z.object({ lean: z.boolean() }), handle: () => ({}) })).toThrow(/twice/);
    expect([...events.registered().keys()].sort()).toEqual(['agent:queue', 'queues:lean', 'supervisor:snapshot']);
  });
});
