/**
 * `npm run bench:exports`: 30,000 requests (names, phones, addresses) in a throwaway embedded PostgreSQL,
 * the app on the production pool (10 connections, EXPORT_CONNECTIONS 3), then
 *   1. 50 CSV exports aborted after their first chunk (`curl … | head -c1`), one after another: the pool and
 *      pg_stat_activity by state right after the last one and once the server has let go;
 *   2. 10 readers that never read: what they get, how the console answers while they are open, /api/health's
 *      pool, and how long until the stall timeout (BENCH_STALL_MS, 5 s here) cuts them;
 *   3. one whole export for scale.
 * Prints, never fails.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { createApp } from '../server/app';
import { poolState } from '../server/health/pool-state';
import { DatabaseHealth } from '../server/http/database-health';
import { createUsersService } from '../server/users/users.service';

const ROWS = Number(process.env.BENCH_ROWS ?? 30_000);
const ABORTS = Number(process.env.BENCH_ABORTS ?? 50);
const SLOW = Number(process.env.BENCH_SLOW_READERS ?? 10);
const STALL_MS = Number(process.env.BENCH_STALL_MS ?? 5_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (t0: number) => `${Math.round(performance.now() - t0)} ms`;

async function seed(ds: DataSource): Promise<void> {
  // The pool's 15 s statement timeout is for requests, not for a bulk load on a shared machine.
  await ds.transaction((m) => seedRows(m.query.bind(m)));
  await ds.query('ANALYZE');
}

async function seedRows(query: (sql: string) => Promise<unknown>): Promise<void> {
  await query('SET LOCAL statement_timeout = 0');
  await query(`
    INSERT INTO citizens (full_name, address)
    SELECT 'Громадянин ' || i, 'вул. Центральна, ' || i || ', кв. ' || (i % 90 + 1) FROM generate_series(1, ${ROWS}) i`);
  await query(`INSERT INTO citizen_phones (citizen_id, phone) SELECT id, '+38067' || lpad(id::text, 7, '0') FROM citizens`);
  await query(`
    INSERT INTO requests (number, received_at, source, topic_code, description, status, citizen_id, address, due_at)
    SELECT '2021-' || lpad(c.id::text, 6, '0'), now() - c.id * interval '1 minute', 'call', 'HS.06',
           'Протікає дах над під’їздом, вода тече по стінах, просимо терміново полагодити. ' || c.id, 'assigned', c.id, c.address,
           now() + interval '10 days'
      FROM citizens c`);
}

async function activity(ds: DataSource): Promise<string> {
  const rows: { state: string | null; n: number }[] = await ds.query(`
    SELECT coalesce(state, '(none)') AS state, count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1`);
  return rows.map((r) => `${r.state} ${r.n}`).join(', ') || 'none';
}

function pool(ds: DataSource): string {
  const p = poolState(ds)!;
  return `total ${p.total}, idle ${p.idle}, waiting ${p.waiting} (max ${p.max}${p.saturated ? ', saturated' : ''})`;
}

function abortAfterFirstChunk(base: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/api/exports/requests.csv`, { headers: { cookie }, agent: false }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve(res.statusCode!);
      });
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end();
  });
}

/** Sends the request, reads the status line, then nothing more. */
function slowReader(base: string, cookie: string): Promise<{ socket: Socket; status: number }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`GET /api/exports/requests.csv HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${cookie}\r\n\r\n`);
      socket.once('data', (chunk) => {
        socket.pause();
        resolve({ socket, status: Number(/^HTTP\/1\.1 (\d+)/.exec(chunk.toString('latin1'))?.[1] ?? 0) });
      });
    });
    socket.on('error', reject);
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-exports-'));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const ds = createDataSource({ url: pg.url, poolSize: 10, applicationName: 'bench-exports' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  let t0 = performance.now();
  await seed(ds);
  console.log(`seeded ${ROWS} requests with citizens, phones and addresses in ${ms(t0)}`);
  const log = pino({ level: 'silent' });
  const database = new DatabaseHealth(ds, log);
  database.start();
  const app = createApp({ dataSource: ds, database, log, sessionSecret: 'bench', downloads: { stallMs: STALL_MS }, metricsToken: 'bench' });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  const users = createUsersService(ds);
  const login = async (username: string, role: 'supervisor' | 'agent') => {
    await users.create({ username, role, password: 'bench-password' });
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'bench-password' }) });
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  };
  const supervisors = await Promise.all(Array.from({ length: 5 }, (_, i) => login(`bench-supervisor-${i}`, 'supervisor')));
  const agent = await login('bench-agent', 'agent');

  // 1. Aborted exports.
  t0 = performance.now();
  const statuses = new Map<number, number>();
  for (let i = 0; i < ABORTS; i++) {
    const status = await abortAfterFirstChunk(base, supervisors[i % supervisors.length]);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  console.log(`\n1. ${ABORTS} exports aborted after the first chunk in ${ms(t0)}: ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  console.log(`   right after the last: pool ${pool(ds)}; pg_stat_activity ${await activity(ds)}`);
  t0 = performance.now();
  while (poolState(ds)!.idle < poolState(ds)!.total) await sleep(5);
  console.log(`   ${ms(t0)} later:  pool ${pool(ds)}; pg_stat_activity ${await activity(ds)}`);
  const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: agent } });
  console.log(`   then GET /api/auth/me → ${me.status}`);

  // 2. Readers that never read.
  const readers = [];
  for (let i = 0; i < SLOW; i++) readers.push(await slowReader(base, supervisors[i % supervisors.length]));
  const opened = performance.now();
  const byStatus = readers.reduce((m, r) => m.set(r.status, (m.get(r.status) ?? 0) + 1), new Map<number, number>());
  console.log(`\n2. ${SLOW} readers that read nothing: ${[...byStatus].map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  const times: number[] = [];
  const answers = new Map<number, number>();
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/requests?pageSize=20`, { headers: { cookie: supervisors[0] } });
    await res.arrayBuffer();
    times.push(performance.now() - t);
    answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
  }
  times.sort((a, b) => a - b);
  console.log(`   meanwhile 20× GET /api/requests: ${[...answers].map(([s, n]) => `${n}× ${s}`).join(', ')}; median ${Math.round(times[10])} ms, max ${Math.round(times[19])} ms`);
  const health = (await (await fetch(`${base}/api/health`, { headers: { authorization: 'Bearer bench' } })).json()) as { status: string; pool: unknown };
  console.log(`   /api/health: status ${health.status}, pool ${JSON.stringify(health.pool)}`);
  console.log(`   pg_stat_activity ${await activity(ds)}`);
  while (app && poolState(ds)!.idle < poolState(ds)!.total) await sleep(20);
  console.log(`   cut by the stall timeout (${STALL_MS} ms) after ${Math.round(performance.now() - opened)} ms: pool ${pool(ds)}; pg_stat_activity ${await activity(ds)}`);
  for (const r of readers) r.socket.destroy();

  // 3. One whole export.
  t0 = performance.now();
  const whole = await fetch(`${base}/api/exports/requests.csv`, { headers: { cookie: supervisors[0] } });
  const bytes = (await whole.arrayBuffer()).byteLength;
  console.log(`\n3. a whole export: ${whole.status}, ${(bytes / 1048576).toFixed(1)} MB in ${ms(t0)}`);

  database.stop();
  await app.realtime.io.close();
  app.http.closeAllConnections();
  await new Promise((resolve) => app.http.close(resolve));
  await ds.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}

void main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
