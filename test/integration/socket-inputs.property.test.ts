import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/entities';
import type { ClientToServerEvents } from '../../server/realtime/contract';
import { body } from '../setup/app';
import type { Console } from './calls-harness';
import { startConsultationBed } from './consultations-harness';
import { ackShape, message, trapObject } from './socket-fuzz';

type EventName = keyof ClientToServerEvents;

/** Who may send what, as docs/API.md says; typed over the contract, so a new client event fails the build here until listed. */
const WHO_MAY = {
  'agent:pause': ['agent', 'supervisor'],
  'agent:queue': ['agent'],
  'phone:state': ['agent', 'supervisor', 'official', 'admin'],
  'request:watch': ['agent', 'supervisor', 'admin', 'executor'],
  'request:unwatch': ['agent', 'supervisor', 'admin', 'executor'],
  'consultation:watch': ['supervisor', 'admin', 'official'],
  'consultation:unwatch': ['supervisor', 'admin', 'official'],
  'queues:lean': ['supervisor', 'admin'],
  'supervisor:snapshot': ['supervisor', 'admin'],
} satisfies Record<EventName, Role[]>;
const EVENTS = Object.keys(WHO_MAY) as EventName[];
const ROLES: Role[] = ['agent', 'supervisor', 'official', 'executor', 'admin'];
/** Socket.IO's own events on a server socket; anything else there must have come through the guard. */
const RESERVED = ['disconnect', 'disconnecting', 'error'];
const NO_ACK = Symbol('no acknowledgement asked');
/** Not a speed limit: only how long a missing acknowledgement is waited for before it counts as missing. */
const ACK_WAIT_MS = 10_000;
const STACK = /\bat .*\.(ts|js):\d+/;

/**
 * Issue 19, item 1: every client event of every role, fuzzed with fast-check against the real server, sockets
 * and PostgreSQL. Whatever a logged-in user sends, the process throws nothing uncaught, every acknowledgement
 * is an answer or the error shape of docs/API.md, and the server (HTTP and the socket) answers afterwards.
 */
describe('socket messages under property-based fuzzing', async () => {
  const queueLogin = { queueLogin: 'pause' as const, agentQueues: [], queueLogoutGraceMs: 300 };
  const bed = await startConsultationBed({}, {}, { calls: { queueLogin } });
  const { t } = bed;
  const cookies: Record<Role, string> = {
    agent: (await t.login({ role: 'agent', interface: 'PJSIP/1001' })).cookie,
    supervisor: bed.supervisor,
    official: bed.official.cookie,
    executor: (await t.login({ role: 'executor', executor: 'WATER' })).cookie,
    admin: (await t.login({ role: 'admin' })).cookie,
  };
  const request = await body(await t.fetch('/api/requests', {
    method: 'POST', cookie: cookies.agent,
    json: { citizen: { fullName: 'Мельник Андрій', phone: '067 555 0101' }, topicCode: 'HS.11', description: 'Немає холодної води', source: 'call' },
  }));
  expect(request.id).toEqual(expect.any(Number));
  const consultation = await bed.consultation();
  const valid: Record<EventName, Record<string, unknown>[]> = {
    'agent:pause': [{ paused: true, reason: 'break' }, { paused: false }],
    'agent:queue': [{ loggedIn: false }, { loggedIn: true }],
    'phone:state': [{ registered: false }, { registered: true }],
    'request:watch': [{ id: request.id }],
    'request:unwatch': [{ id: request.id }],
    'consultation:watch': [{ id: consultation.id }],
    'consultation:unwatch': [{ id: consultation.id }],
    'queues:lean': [{ lean: true }, { lean: false }],
    'supervisor:snapshot': [{}],
  };

  const consoles = {} as Record<Role, Console>;
  for (const role of ROLES) consoles[role] = await bed.open(cookies[role]);
  const raw = (role: Role) => consoles[role].socket as unknown as Socket;

  // Whatever escapes a handler lands here: the last-resort handler of main.ts would count it towards an exit.
  const escaped: string[] = [];
  const onEscape = (error: unknown) => escaped.push(String((error as Error)?.stack ?? error));
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
  const sent = new Map<string, number>();
  const answers = new Map<string, number>();
  afterAll(() => {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
    const rows = EVENTS.map((e) => `  ${e.padEnd(22)}${ROLES.map((r) => String(sent.get(`${e} ${r}`) ?? 0).padStart(11)).join('')}`);
    process.stdout.write(`socket payloads sent per event and role:\n  ${''.padEnd(22)}${ROLES.map((r) => r.padStart(11)).join('')}\n${rows.join('\n')}\n`);
    process.stdout.write(`acknowledgements by answer: ${JSON.stringify(Object.fromEntries([...answers].sort(([a], [b]) => a.localeCompare(b))))}\n`);
  });

  /** Sends one message framed as `m.framing`; the acknowledgement's answer, or NO_ACK when none was asked. */
  async function send(role: Role, event: string, m: { payload: unknown; framing: string; extra: unknown[] }): Promise<unknown> {
    const s = raw(role);
    sent.set(`${event} ${role}`, (sent.get(`${event} ${role}`) ?? 0) + 1);
    switch (m.framing) {
      case 'ack': return s.timeout(ACK_WAIT_MS).emitWithAck(event, m.payload);
      case 'no-payload': return s.timeout(ACK_WAIT_MS).emitWithAck(event);
      case 'extra-args': return s.timeout(ACK_WAIT_MS).emitWithAck(event, m.payload, ...m.extra);
      case 'no-ack': s.emit(event, m.payload); return NO_ACK;
      case 'non-function-ack': s.emit(event, m.payload, ...m.extra); return NO_ACK;
      default: s.emit(event); return NO_ACK;
    }
  }

  /** The property for one answer: well-formed, never a crash or a stack trace, and a role that may not is refused first. */
  function holds(role: Role, event: EventName, m: { payload: unknown }, reply: unknown): void {
    const where = `${role} ${event} ${JSON.stringify(m.payload)?.slice(0, 200)} → ${JSON.stringify(reply)?.slice(0, 300)}`;
    expect(ackShape.safeParse(reply).success, where).toBe(true);
    const answer = reply as { ok: boolean; error?: { code: string; message: string } };
    const code = answer.ok ? 'ok' : answer.error!.code;
    answers.set(code, (answers.get(code) ?? 0) + 1);
    if (!answer.ok) {
      expect(answer.error!.code, where).not.toBe('internal_error');
      expect(answer.error!.message, where).not.toMatch(STACK);
    }
    if (!(WHO_MAY[event] as Role[]).includes(role)) expect(answer, where).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }

  /** The socket still answers: a payload that is never valid gets its refusal. */
  async function stillAnswers(role: Role, event: EventName): Promise<void> {
    const reply = await raw(role).timeout(ACK_WAIT_MS).emitWithAck(event, null);
    expect(reply, `${role} ${event} after fuzzing`).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(forbidden|invalid_input)$/) } });
  }

  async function fuzz(event: EventName, numRuns: number): Promise<void> {
    for (const role of ROLES) {
      await fc.assert(fc.asyncProperty(message(valid[event]), async (m) => {
        const reply = await send(role, event, m);
        if (reply !== NO_ACK) holds(role, event, m, reply);
      }), { numRuns, examples: [[{ payload: { id: { toString: 1 } }, framing: 'no-ack', extra: [] }], [{ payload: { id: { toString: 1 } }, framing: 'ack', extra: [] }]] });
      await stillAnswers(role, event);
    }
    expect(escaped).toEqual([]);
  }

  it('when an executor and an official send six unwatch messages with { id: { toString: 1 } }, then each is refused and the server serves on', async () => {
    for (let i = 0; i < 6; i++) {
      raw('executor').emit('request:unwatch', { id: { toString: 1 } });
      raw('official').emit('consultation:unwatch', { id: { toString: 1 } });
    }
    const refused = { ok: false, error: { code: 'invalid_input', message: expect.any(String), fields: { id: expect.any(String) }, reasons: { id: { code: expect.any(String) } } } };
    expect(await raw('executor').timeout(ACK_WAIT_MS).emitWithAck('request:unwatch', { id: { toString: 1 } })).toEqual(refused);
    expect(await raw('official').timeout(ACK_WAIT_MS).emitWithAck('consultation:unwatch', { id: { valueOf: 1, toString: 1 } })).toEqual(refused);
    expect(await raw('executor').timeout(ACK_WAIT_MS).emitWithAck('request:watch', { id: { toString: 1 } })).toEqual(refused);
    expect(escaped).toEqual([]);
    expect((await t.fetch('/api/health')).status).toBe(200);
  });

  it('when every client event is sent by every role, then each went through the one guard: the registry lists exactly the contract', async () => {
    expect([...t.realtime.clientEvents().keys()].sort()).toEqual([...EVENTS].sort());
    for (const [name, roles] of t.realtime.clientEvents()) expect([...roles].sort(), name).toEqual([...WHO_MAY[name]].sort());
    const sockets = await t.realtime.io.fetchSockets();
    expect(sockets.length).toBeGreaterThanOrEqual(ROLES.length);
    for (const s of t.realtime.io.of('/').sockets.values()) {
      expect(s.eventNames().filter((n) => !RESERVED.includes(String(n))).map(String).sort()).toEqual([...EVENTS].sort());
    }
  });

  it.each(EVENTS)('when %s gets arbitrary payloads from every role, then nothing escapes and every answer is well-formed', async (event) => {
    await fuzz(event, 30);
  });

  it('when an event the server does not know comes with an acknowledgement, then it is refused in the error shape', async () => {
    for (const role of ROLES) {
      const reply = await raw(role).timeout(ACK_WAIT_MS).emitWithAck('request:delete', { id: 1 });
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_event', message: expect.any(String) } });
      raw(role).emit('request:delete', fc.sample(trapObject, 1)[0]);
    }
  });

  /** A frame written as text past the client's encoder (which itself overflows on deep nesting), with an acknowledgement id. */
  let frameId = 900_000;
  function rawFrame(role: Role, json: string): Promise<unknown> {
    const engine = raw(role).io.engine;
    const id = ++frameId;
    return new Promise((resolve) => {
      const onData = (data: unknown) => {
        if (typeof data !== 'string' || !data.startsWith(`3${id}[`)) return;
        engine.off('data', onData);
        resolve(JSON.parse(data.slice(`3${id}`.length))[0]);
      };
      engine.on('data', onData);
      // Socket.IO packet 2 is an event, 3 its acknowledgement; engine.io adds its own message prefix.
      engine.write(`2${id}${json}`);
    });
  }

  it('when a payload is nested 50,000 deep or is 900 KB, then it is refused and the socket still answers', async () => {
    // Deep, yet under Socket.IO's 1 MB frame limit (a bigger frame closes the connection before any handler).
    const depth = 50_000;
    const deep = `["agent:pause",${'{"paused":'.repeat(depth)}true${'}'.repeat(depth)}]`;
    expect(await rawFrame('agent', deep)).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { paused: expect.any(String) } } });
    expect(await rawFrame('agent', `["request:watch",${'['.repeat(4 * depth)}${']'.repeat(4 * depth)}]`)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const huge = await raw('supervisor').timeout(ACK_WAIT_MS).emitWithAck('queues:lean', { lean: 'x'.repeat(900_000) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { lean: expect.any(String) } } });
    await stillAnswers('agent', 'agent:pause');
    await stillAnswers('supervisor', 'queues:lean');
    expect(escaped).toEqual([]);
  });

  it('after all of it, then nothing escaped, HTTP answers every role and every socket is still connected', async () => {
    expect(escaped).toEqual([]);
    for (const role of ROLES) {
      expect((await t.fetch('/api/auth/me', { cookie: cookies[role] })).status, role).toBe(200);
      expect(consoles[role].socket.connected, role).toBe(true);
    }
  });
});
