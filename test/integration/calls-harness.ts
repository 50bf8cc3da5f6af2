import { afterAll } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/realtime/contract';
import type { AppDeps } from '../../server/app';
import { createTelephony, startSimulator, type Simulator, type SimulatorOptions, type Telephony } from '../../telephony';
import { fastTiming } from '../fixtures/ami/harness';
import { waitFor } from '../fixtures/ami/wait';
import { startTestApp, type TestApp } from '../setup/app';
import type { TestDatabase } from '../setup/database';

export type Received = { name: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Console {
  socket: ClientSocket;
  received: Received[];
  /** Waits for the next event named `name` (after those already consumed) that satisfies `match`. */
  next(name: string, match?: (data: any) => boolean, timeoutMs?: number): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  named(name: string): any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): void;
}

export interface CallsTestbed {
  t: TestApp;
  sim: Simulator;
  telephony: Telephony;
  /** A console (socket) logged in with `cookie`, connected and past its first `agent:snapshot`. */
  open(cookie: string): Promise<Console>;
}

/** The app on a fresh database, a PBX simulator over TCP, and our telephony client connected to it. */
export async function startCallsTestbed(sim: SimulatorOptions = {}, overrides: Partial<AppDeps> = {}, timing: typeof fastTiming = {}, shared: { db?: TestDatabase } = {}): Promise<CallsTestbed> {
  const simulator = await startSimulator({ agents: 3, loginFailureDelayMs: 10, ...sim });
  const telephony = createTelephony({ host: simulator.host, port: simulator.port, ...simulator.credentials, timing: { ...fastTiming, ...timing } });
  const t = await startTestApp({ telephony, ...overrides }, shared);
  const resynced = new Promise<void>((resolve) => telephony.onResync(() => resolve()));
  telephony.start();
  await resynced;
  const sockets: ClientSocket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.close();
    await telephony.stop();
    await simulator.close();
  });
  return {
    t, sim: simulator, telephony,
    async open(cookie) {
      const c = connectConsole(t.baseUrl, cookie);
      sockets.push(c.socket);
      await c.next('agent:snapshot');
      return c;
    },
  };
}

export function connectConsole(baseUrl: string, cookie: string | null): Console {
  const socket: ClientSocket = io(baseUrl, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true });
  const received: Received[] = [];
  const consumed = new Set<Received>();
  socket.onAny((name: string, data: unknown) => received.push({ name, data }));
  return {
    socket,
    received,
    named: (name) => received.filter((r) => r.name === name).map((r) => r.data),
    async next(name, match = () => true, timeoutMs = 10_000) {
      const found = await waitFor(() => received.find((r) => r.name === name && !consumed.has(r) && match(r.data)), `${name} on the socket`, timeoutMs);
      consumed.add(found);
      return found.data;
    },
    close: () => socket.close(),
  };
}

/** Resolves on the first event of the telephony layer satisfying `match` (e.g. the AMI's view of an answer). */
export function telephonyEvent(telephony: Telephony, match: (e: { name: string; callId?: string }) => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('telephony event did not come')), timeoutMs);
    const off = telephony.onEvent((e) => {
      if (!match(e as { name: string; callId?: string })) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** A citizen with a phone and one open, overdue request; returns their ids and the request number. */
export async function seedCitizen(t: TestApp, phone: string, o: { fullName?: string; overdueDays?: number; privileged?: boolean; confidential?: boolean } = {}) {
  const ds = t.db.dataSource;
  const [citizen] = await ds.query(
    `INSERT INTO citizens (full_name, address, privileged, confidential) VALUES ($1, 'вул. Лермонтова, 5', $2, $3) RETURNING id`,
    [o.fullName ?? 'Петренко Олена Іванівна', o.privileged ?? false, o.confidential ?? false],
  );
  await ds.query('INSERT INTO citizen_phones (citizen_id, phone) VALUES ($1, $2)', [citizen.id, phone]);
  const [topic] = await ds.query(`SELECT code FROM topics WHERE parent_code IS NOT NULL ORDER BY code LIMIT 1`);
  const [executor] = await ds.query('SELECT id FROM executors ORDER BY id LIMIT 1');
  const due = `now() - interval '${o.overdueDays ?? 3} days' + interval '1 hour'`;
  const [open] = await ds.query(
    `INSERT INTO requests (number, received_at, source, topic_code, citizen_id, description, executor_id, status, due_at)
     VALUES ($1, now() - interval '20 days', 'call', $2, $3, 'Тече дах', $4, 'assigned', ${due}) RETURNING id, number`,
    [`T-${citizen.id}-${Date.now() % 100000}`, topic.code, citizen.id, executor.id],
  );
  const [closed] = await ds.query(
    `INSERT INTO requests (number, received_at, source, topic_code, citizen_id, description, executor_id, status, due_at, closed_at)
     VALUES ($1, now() - interval '200 days', 'call', $2, $3, 'Яма', $4, 'closed', now() - interval '185 days', now() - interval '190 days') RETURNING id, number`,
    [`C-${citizen.id}-${Date.now() % 100000}`, topic.code, citizen.id, executor.id],
  );
  return { citizenId: citizen.id as number, open: open as { id: number; number: string }, closed: closed as { id: number; number: string }, topicCode: topic.code as string };
}

export { waitFor };

/** Polls an async check until it returns something truthy (a row in the log, a state in the PBX). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
