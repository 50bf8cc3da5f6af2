/**
 * `npm run bench:wallboard`: the live page under load. A throwaway embedded PostgreSQL, the server in a child
 * process of its own (so its memory is the server's alone), the 1,000 agent consoles in another (so their
 * parsing does not delay the supervisors' clocks), the PBX simulator over TCP offering 20 calls a
 * second into one queue of 1,000 members. First the baseline: 1 supervisor socket, no agents. Then 50
 * supervisor sockets and 1,000 agent sockets on the same node. Prints the latency from the QueueCallerJoin
 * frame written on the AMI socket to the first `queues:snapshot` showing that caller at a supervisor (p50 /
 * p99; snapshots are coalesced to one per 150 ms, which is part of the figure), and the server's memory per
 * socket. Never fails.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { createApp } from '../server/app';
import { SESSION_COOKIE, SessionStore } from '../server/auth/sessions';
import { DatabaseHealth } from '../server/http/database-health';
import { createTelephony, startSimulator, type Simulator } from '../telephony';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 1000);
const SUPERVISORS = Number(process.env.BENCH_SUPERVISORS ?? 50);
const CALLS_PER_SECOND = Number(process.env.BENCH_CPS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SECRET = 'bench-secret';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`;
const interfaceOf = (i: number) => `PJSIP/${1001 + i}`;

interface Memory { rss: number; heapUsed: number; external: number; arrayBuffers: number }

/** The child: the whole server on the bench's database, its telephony connected to the simulator. */
async function serve(): Promise<void> {
  const log = pino({ level: 'warn' });
  const ds = createDataSource({ url: process.env.BENCH_DB!, poolSize: 10, applicationName: 'bench-wallboard' });
  await ds.initialize();
  const telephony = createTelephony({ host: '127.0.0.1', port: Number(process.env.BENCH_AMI_PORT), username: 'hromada', secret: 'hromada-sim' });
  const app = createApp({ dataSource: ds, database: new DatabaseHealth(ds, log), log, sessionSecret: SECRET, telephony, calls: { holdDuringWrapUp: false } });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const resynced = new Promise<void>((resolve) => telephony.onResync(() => resolve()));
  telephony.start();
  await resynced;
  process.on('message', (m: { type: string }) => {
    if (m.type !== 'memory') return;
    // Twice: what the sockets hold, not garbage waiting for a collection.
    (globalThis as { gc?: () => void }).gc?.();
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.send!({ type: 'memory', memory: { rss, heapUsed, external, arrayBuffers } });
  });
  process.send!({ type: 'ready', port: (app.http.address() as AddressInfo).port });
}

/** The second child: the agents' consoles, connected on request, each counting what it receives. */
async function agentConsoles(): Promise<void> {
  const sockets: Socket[] = [];
  process.on('message', async (m: { type: string; url: string; cookies: string[] }) => {
    if (m.type !== 'connect') return;
    for (let i = 0; i < m.cookies.length; i += 100) {
      sockets.push(...(await Promise.all(m.cookies.slice(i, i + 100).map((c) => connect(m.url, c)))));
    }
    process.send!({ type: 'connected', count: sockets.length });
  });
  process.on('disconnect', () => {
    for (const s of sockets) s.close();
    process.exit(0);
  });
  process.send!({ type: 'ready' });
}

function child(role: 'serve' | 'agents', env: Record<string, string> = {}): ChildProcess {
  return fork(fileURLToPath(import.meta.url), [role], { execArgv: ['--import', 'tsx', '--expose-gc'], env: { ...process.env, ...env } });
}

const reply = <T>(c: ChildProcess, type: string) => new Promise<T>((resolve, reject) => {
  const on = (m: { type: string }) => {
    if (m.type !== type) return;
    c.off('message', on);
    resolve(m as T);
  };
  c.on('message', on);
  c.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
});

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; memory(): Promise<Memory> }> {
  const server = child('serve', env);
  const memory = async () => {
    const answer = reply<{ memory: Memory }>(server, 'memory');
    server.send({ type: 'memory' });
    return (await answer).memory;
  };
  const { port } = await reply<{ port: number }>(server, 'ready');
  return { child: server, url: `http://127.0.0.1:${port}`, memory };
}

/** Users made in one statement and sessions written directly (no password hashing), as bench:pop does. */
async function cookies(ds: DataSource, role: 'agent' | 'supervisor', count: number): Promise<string[]> {
  const rows: { id: number }[] = await ds.query(
    `INSERT INTO users (username, full_name, role, interface, password_hash, active)
     SELECT $2 || i, 'Bench ' || $2 || ' ' || i, $2, CASE WHEN $2 = 'agent' THEN 'PJSIP/' || (1000 + i) END, 'x', true
       FROM generate_series(1, $1) i RETURNING id`,
    [count, role],
  );
  const sessions = new SessionStore(ds, SECRET);
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += 50) {
    const batch = await Promise.all(rows.slice(i, i + 50).map((u) => sessions.create(u.id, {})));
    out.push(...batch.map((s) => `${SESSION_COOKIE}=${encodeURIComponent(s.cookie)}`));
  }
  return out;
}

function connect(url: string, cookie: string, onSnapshot?: (s: { queues: Array<{ waiting: Array<{ callId: string }> }> }) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true });
    // As the live page does: agents come from the grid, so the queue snapshots leave members out.
    if (onSnapshot) socket.on('queues:snapshot', onSnapshot).emit('queues:lean', { lean: true }, () => undefined);
    socket.once('agent:snapshot', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** 20 calls a second, answered after ringing 300 ms by the next member; one in five gives up after 1 s. */
async function offerCalls(sim: Simulator, seconds: number, start: number): Promise<number> {
  const total = CALLS_PER_SECOND * seconds;
  const began = performance.now();
  for (let n = 0; n < total; n++) {
    const due = began + (n * 1000) / CALLS_PER_SECOND;
    if (due > performance.now()) await sleep(due - performance.now());
    const i = start + n;
    const abandons = i % 5 === 4;
    sim.placeCall({
      from: `+38067${String(1_000_000 + i).slice(-7)}`, queue: 'support', answeredBy: interfaceOf(i % AGENTS),
      ringMs: abandons ? 60_000 : 300, talkMs: 2000, ...(abandons ? { abandonAfterMs: 1000 } : {}),
    });
  }
  return total;
}

/** Latencies from the join frame to the first snapshot showing the caller, at every supervisor socket. */
function latencyMeter(joinedAt: Map<string, number>) {
  const latencies: number[] = [];
  let on = false;
  return {
    listener() {
      const seen = new Set<string>();
      return (s: { queues: Array<{ waiting: Array<{ callId: string }> }> }) => {
        const now = performance.now();
        for (const q of s.queues) for (const w of q.waiting) {
          if (seen.has(w.callId)) continue;
          seen.add(w.callId);
          const t0 = joinedAt.get(w.callId);
          if (on && t0 !== undefined) latencies.push(now - t0);
        }
      };
    },
    start: () => { latencies.length = 0; on = true; },
    stop: () => { on = false; return [...latencies].sort((a, b) => a - b); },
  };
}

async function phase(name: string, sim: Simulator, meter: ReturnType<typeof latencyMeter>, start: number): Promise<void> {
  await offerCalls(sim, 3, start);
  meter.start();
  const offered = await offerCalls(sim, SECONDS, start + 1000);
  await sleep(1500);
  const l = meter.stop();
  console.log(`${name}: ${offered} calls in ${SECONDS} s, ${l.length} first sightings at supervisors`);
  console.log(`  QueueCallerJoin → queues:snapshot   p50 ${ms(percentile(l, 50))}   p99 ${ms(percentile(l, 99))}   max ${ms(l.at(-1) ?? NaN)}   (goal p99 ≤ 250 ms)`);
}

async function main(): Promise<void> {
  console.log(`bench:wallboard — ${SUPERVISORS} supervisors + ${AGENTS} agents on one node, ${CALLS_PER_SECOND} calls/s for ${SECONDS} s per phase`);
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-wallboard-'));
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const ds = createDataSource({ url: pg.url, poolSize: 10, applicationName: 'bench-wallboard-setup' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  const sim = await startSimulator({ queues: [{ name: 'support', members: Array.from({ length: AGENTS }, (_, i) => interfaceOf(i)) }] });
  const joinedAt = new Map<string, number>();
  // The simulator's listener runs right after the frame was written to the AMI socket.
  sim.onEvent((event, fields) => {
    if (event === 'QueueCallerJoin') joinedAt.set(String(fields.find(([k]) => k === 'Linkedid')?.[1]), performance.now());
  });
  const server = await startServer({ BENCH_DB: pg.url, BENCH_AMI_PORT: String(sim.port) });
  const [supervisorCookies, agentCookies] = [await cookies(ds, 'supervisor', SUPERVISORS), await cookies(ds, 'agent', AGENTS)];
  const meter = latencyMeter(joinedAt);

  const first = await connect(server.url, supervisorCookies[0]!, meter.listener());
  await sleep(1000);
  const before = await server.memory();
  await phase('baseline (1 supervisor, no agents)', sim, meter, 0);

  const sockets = [first];
  for (const cookie of supervisorCookies.slice(1)) sockets.push(await connect(server.url, cookie, meter.listener()));
  const agents = child('agents');
  await reply(agents, 'ready');
  agents.send({ type: 'connect', url: server.url, cookies: agentCookies });
  const { count } = await reply<{ count: number }>(agents, 'connected');
  await sleep(3000);
  const after = await server.memory();
  const added = sockets.length - 1 + count;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`server memory with 1 socket: rss ${kb(before.rss)}, heap ${kb(before.heapUsed)}; with ${added + 1}: rss ${kb(after.rss)}, heap ${kb(after.heapUsed)}`);
  console.log(`  per socket: heap + external ${kb((after.heapUsed + after.external - before.heapUsed - before.external) / added)}, rss ${kb((after.rss - before.rss) / added)}   (goal ≤ 100 KB)`);
  await phase(`loaded (${SUPERVISORS} supervisors, ${AGENTS} agents)`, sim, meter, 100_000);
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);

  for (const s of sockets) s.close();
  agents.kill();
  server.child.kill();
  await sim.close();
  await ds.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}

const run = process.argv[2] === 'serve' ? serve() : process.argv[2] === 'agents' ? agentConsoles() : main().then(() => process.exit(0));
run.catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
