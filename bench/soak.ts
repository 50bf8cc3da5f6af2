/**
 * `npm run soak`: does memory level off under a long, steady load? A throwaway embedded PostgreSQL, the
 * whole server, the PBX simulator over TCP offering calls at a steady rate (by default 5 a second for an
 * hour), agents and a supervisor connected with real Socket.IO clients. Every minute: heap (after a full
 * GC) and RSS; at the end, their growth from the baseline minute (10) to the last. Goal: < 10 % growth.
 *
 *   npm run soak -- --minutes 60 --rate 5 --agents 20 --baseline 10
 *
 * Everything runs in this one process, so a leak in the simulator or the clients would show too: they are
 * ours as well. Never fails; the figures are the answer.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { createApp } from '../server/app';
import { SESSION_COOKIE, SessionStore } from '../server/auth/sessions';
import { DatabaseHealth } from '../server/http/database-health';
import { createTelephony, startSimulator, type Simulator } from '../telephony';

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    rate: { type: 'string', default: '5' },
    agents: { type: 'string', default: '20' },
    baseline: { type: 'string', default: '10' },
    // Minutes at which to write a V8 heap snapshot (e.g. `--snapshots 5,15`): compare two in Chrome's DevTools.
    snapshots: { type: 'string', default: '' },
  },
});
const MINUTES = Number(flags.minutes);
const RATE = Number(flags.rate);
const AGENTS = Number(flags.agents);
// A run shorter than the baseline minute still says something: it compares from its first third.
const BASELINE = MINUTES > Number(flags.baseline) ? Number(flags.baseline) : Math.max(1, Math.floor(MINUTES / 3));
const SNAPSHOT_MINUTES = new Set(flags.snapshots.split(',').filter(Boolean).map(Number));
const SECRET = 'soak-secret';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => bytes / 1024 / 1024;
const interfaceOf = (i: number) => `PJSIP/${1001 + i}`;

interface Sample {
  minute: number;
  heap: number;
  rss: number;
}

function sample(minute: number): Sample {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { minute, heap: mb(heapUsed), rss: mb(rss) };
}

async function database() {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-soak-'));
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const ds = createDataSource({ url: pg.url, poolSize: 10, applicationName: 'soak' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  return { ds, stop: async () => { await ds.destroy(); await pg.stop(); await rm(dir, { recursive: true, force: true }); } };
}

/** Agents with interfaces and one supervisor, each with a session cookie (made directly: no password hashing). */
async function cookies(ds: DataSource): Promise<{ agents: string[]; supervisor: string }> {
  const rows: { id: number; role: string }[] = await ds.query(
    `INSERT INTO users (username, full_name, role, interface, password_hash, active)
     SELECT 'soak' || i, 'Soak Agent ' || i, 'agent', 'PJSIP/' || (1000 + i), 'x', true FROM generate_series(1, $1) i
     UNION ALL SELECT 'soak-supervisor', 'Soak Supervisor', 'supervisor', NULL, 'x', true
     RETURNING id, role`,
    [AGENTS],
  );
  const sessions = new SessionStore(ds, SECRET);
  const cookie = async (id: number) => `${SESSION_COOKIE}=${encodeURIComponent((await sessions.create(id, {})).cookie)}`;
  const agents = await Promise.all(rows.filter((r) => r.role === 'agent').map((r) => cookie(r.id)));
  return { agents, supervisor: await cookie(rows.find((r) => r.role === 'supervisor')!.id) };
}

function connect(url: string, cookie: string, ready: string): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true });
    socket.once(ready, () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Steady calls: three in four answered after a short ring and a few seconds' talk, one in four given up. */
function offerCalls(sim: Simulator, perSecond: number, until: number, onPlaced: () => void): Promise<void> {
  const began = Date.now();
  return (async () => {
    for (let n = 0; Date.now() < until; n++) {
      const due = began + (n * 1000) / perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      const abandoned = n % 4 === 3;
      sim.placeCall({
        from: `+38067${String(1_000_000 + (n % 50_000)).slice(-7)}`, queue: 'support', answeredBy: interfaceOf(n % AGENTS),
        ringMs: abandoned ? 60_000 : 300, talkMs: 2000, ...(abandoned ? { abandonAfterMs: 700 } : {}),
      });
      onPlaced();
    }
  })();
}

function report(samples: Sample[]): void {
  const base = samples.find((s) => s.minute === BASELINE);
  const last = samples.at(-1);
  if (!base || !last || last === base) return;
  const growth = (a: number, b: number) => `${(b - a).toFixed(1)} MB (${(((b - a) / a) * 100).toFixed(1)} %, ${((b - a) / (last.minute - base.minute)).toFixed(2)} MB/min)`;
  console.log(`\ngrowth from minute ${base.minute} to minute ${last.minute}:`);
  console.log(`  heap ${base.heap.toFixed(1)} → ${last.heap.toFixed(1)} MB: ${growth(base.heap, last.heap)}`);
  console.log(`  rss  ${base.rss.toFixed(1)} → ${last.rss.toFixed(1)} MB: ${growth(base.rss, last.rss)}`);
  console.log(`  goal: < 10 % growth${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for stable heap figures)'}`);
}

async function main(): Promise<void> {
  console.log(`soak — ${MINUTES} min at ${RATE} calls/s, ${AGENTS} agents and a supervisor connected; baseline minute ${BASELINE}`);
  const db = await database();
  const sim = await startSimulator({ queues: [{ name: 'support', members: Array.from({ length: AGENTS }, (_, i) => interfaceOf(i)) }] });
  const log = pino({ level: 'warn' });
  const telephony = createTelephony({ host: sim.host, port: sim.port, ...sim.credentials });
  const app = createApp({ dataSource: db.ds, database: new DatabaseHealth(db.ds, log), log, sessionSecret: SECRET, telephony, calls: { holdDuringWrapUp: false } });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const resynced = new Promise<void>((resolve) => telephony.onResync(() => resolve()));
  telephony.start();
  await resynced;
  const url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  const who = await cookies(db.ds);
  let pops = 0;
  let snapshots = 0;
  let placed = 0;
  const agents = await Promise.all(who.agents.map((c) => connect(url, c, 'agent:snapshot')));
  for (const a of agents) a.on('call:offered', () => pops++);
  const supervisor = await connect(url, who.supervisor, 'queues:snapshot');
  supervisor.on('queues:snapshot', () => snapshots++);

  const samples: Sample[] = [sample(0)];
  const started = Date.now();
  const calls = offerCalls(sim, RATE, started + MINUTES * 60_000, () => placed++);
  for (let minute = 1; minute <= MINUTES; minute++) {
    await sleep(started + minute * 60_000 - Date.now());
    const s = sample(minute);
    samples.push(s);
    if (SNAPSHOT_MINUTES.has(minute)) console.log(`heap snapshot: ${writeHeapSnapshot(path.join(tmpdir(), `soak-minute-${minute}.heapsnapshot`))}`);
    const [calls1] = await db.ds.query('SELECT count(*)::int AS n FROM calls');
    console.log(`min ${String(minute).padStart(3)}: heap ${s.heap.toFixed(1)} MB, rss ${s.rss.toFixed(1)} MB; calls placed ${placed}, logged ${calls1.n}, `
      + `pops ${pops}, supervisor snapshots ${snapshots}, cards in memory ${app.calls.live.cardsInMemory()}; load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
  }
  await calls;
  report(samples);

  for (const s of [...agents, supervisor]) s.close();
  app.calls.stop();
  await telephony.stop();
  await sim.close();
  await app.realtime.io.close();
  app.http.closeAllConnections();
  await db.stop();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
