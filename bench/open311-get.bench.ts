/**
 * `npm run bench:open311`: a GET load on Open311 at BENCH_REQUESTS (default 100,000) requests of 2 years in a
 * throwaway embedded PostgreSQL. BENCH_CLIENTS (16) clients on 127.0.0.1 send BENCH_GETS (2,000) GETs of each
 * kind, one kind after another: the request list (JSON and XML, 50 a page, the last 90 days), one request by
 * number, one page filtered by service and status, the service list; and, as baselines in the same run, the
 * discovery document (the HTTP stack and the rate limiter's absence: no database) and the console's own list
 * of 50 (`/api/requests`, an agent's session). Each kind: requests a second, p50 / p95 / p99 and the statuses.
 * Prints, never fails; every loop is bounded and the run stops by itself.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { createDataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { generateDemoData } from '../db/seed/generate';
import { createApp } from '../server/app';
import { createAuditService } from '../server/audit/audit.service';
import { DatabaseHealth } from '../server/http/database-health';
import { createApiKeysService } from '../server/open311/api-keys.service';
import { createUsersService } from '../server/users/users.service';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const GETS = Number(process.env.BENCH_GETS ?? 2_000);

interface Kind { label: string; path: (i: number) => string; headers?: Record<string, string> }

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** GETS requests of one kind from CLIENTS clients at once; latency of each, the statuses counted. */
async function load(base: string, kind: Kind): Promise<string> {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < GETS) {
      const i = next++;
      const start = performance.now();
      const res = await fetch(base + kind.path(i), { headers: kind.headers });
      await res.arrayBuffer();
      times.push(performance.now() - start);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const answered = [...statuses].map(([s, n]) => `${s}×${n}`).join(' ');
  return `${kind.label.padEnd(52)} ${String(Math.round(GETS / seconds)).padStart(6)} req/s   p50 ${quantile(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${quantile(times, 0.95).toFixed(1).padStart(6)} ms   p99 ${quantile(times, 0.99).toFixed(1).padStart(6)} ms   ${answered}`;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-open311-'));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  // The load runs without the pool's 15 s statement timeout (a shared machine); the app then gets the usual pool.
  const base = createDataSource({ url: pg.url, poolSize: 2, applicationName: 'bench-open311-load' });
  const loader = new DataSource({ ...base.options, extra: { ...base.options.extra, statement_timeout: 0 } } as typeof base.options);
  await loader.initialize();
  await loader.runMigrations({ transaction: 'all' });
  let t0 = performance.now();
  await generateDemoData(loader, { citizens: Math.ceil(REQUESTS / 3), requests: REQUESTS, years: 2 });
  await loader.query('ANALYZE');
  await loader.destroy();
  const ds = createDataSource({ url: pg.url, poolSize: 10, applicationName: 'bench-open311' });
  await ds.initialize();
  const [{ recent, public: open311 }] = await ds.query(`
    SELECT count(*) FILTER (WHERE received_at > now() - interval '90 days')::int AS recent,
           count(*) FILTER (WHERE topic_code IN (SELECT topic_code FROM open311_services))::int AS public FROM requests`);
  console.log(`generated ${REQUESTS.toLocaleString('en')} requests (${open311.toLocaleString('en')} of public services, ${recent.toLocaleString('en')} in the last 90 days) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  const log = pino({ level: 'silent' });
  const database = new DatabaseHealth(ds, log);
  database.start();
  const app = createApp({ dataSource: ds, database, log, sessionSecret: 'bench', open311: { anonymousRatePerMinute: 1_000_000 } });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  const key = (await createApiKeysService(ds, createAuditService(ds)).create({ name: 'bench', ratePerMinute: 100_000 }, { userId: null })).key;
  await createUsersService(ds).create({ username: 'bench-agent', role: 'agent', password: 'bench-password' });
  const login = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-agent', password: 'bench-password' }) });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const numbers: string[] = (await ds.query(`
    SELECT number FROM requests WHERE topic_code IN (SELECT topic_code FROM open311_services) ORDER BY random() LIMIT 500`)).map((r: { number: string }) => r.number);

  const kinds: Kind[] = [
    { label: 'baseline: discovery.json (no database)', path: () => '/open311/discovery.json' },
    { label: 'baseline: console /api/requests?pageSize=50', path: (i) => `/api/requests?pageSize=50&page=${1 + (i % 5)}`, headers: { cookie } },
    { label: 'services.json', path: () => '/open311/v2/services.json' },
    { label: 'requests.json (50, last 90 days)', path: (i) => `/open311/v2/requests.json?page=${1 + (i % 5)}` },
    { label: 'requests.xml (50, last 90 days)', path: (i) => `/open311/v2/requests.xml?page=${1 + (i % 5)}` },
    { label: 'requests.json with api_key', path: (i) => `/open311/v2/requests.json?page=${1 + (i % 5)}&api_key=${key}` },
    { label: 'requests.json?service_code=HS.01,LS.02&status=open', path: () => '/open311/v2/requests.json?service_code=HS.01,LS.02&status=open' },
    { label: 'requests/{id}.json', path: (i) => `/open311/v2/requests/${numbers[i % numbers.length]}.json` },
    { label: 'requests/{id}.xml', path: (i) => `/open311/v2/requests/${numbers[i % numbers.length]}.xml` },
  ];
  // Warm-up: the first of each kind plans its queries and fills caches.
  for (const k of kinds) for (let i = 0; i < 20; i++) await (await fetch(origin + k.path(i), { headers: k.headers })).arrayBuffer();
  console.log(`\n${GETS.toLocaleString('en')} GETs of each kind, ${CLIENTS} clients at once, on 127.0.0.1:`);
  t0 = performance.now();
  for (const k of kinds) console.log(await load(origin, k));
  console.log(`\nmachine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min); load run ${((performance.now() - t0) / 1000).toFixed(0)} s`);

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
