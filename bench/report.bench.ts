/**
 * `npm run bench:report`: the yearly report over a year of 1,000,000 requests (and 300,000 the year before),
 * loaded with the demo generator into a throwaway embedded PostgreSQL. Prints the report's time (warm, median
 * of several runs) next to a baseline: one plain count of that year's appeals. Goal of the issue: ≤ 1 s.
 * BENCH_DIR keeps the loaded cluster between runs. Prints, never fails.
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { generateDemoData } from '../db/seed/generate';
import { yearlyReport } from '../server/reports/yearly.service';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** As bench:search does: indexes off while the generator writes, then rebuilt. */
async function load(ds: DataSource): Promise<void> {
  const q = ds.createQueryRunner();
  await q.connect();
  try {
    await q.query('SET statement_timeout = 0');
    const indexes: { name: string; def: string }[] = await q.query(`
      SELECT indexname AS name, indexdef AS def FROM pg_indexes
       WHERE schemaname = 'public' AND tablename IN ('requests', 'citizens', 'request_events', 'calls', 'call_requests')
         AND indexdef NOT LIKE 'CREATE UNIQUE%'`);
    for (const i of indexes) await q.query(`DROP INDEX ${i.name}`);
    const t0 = performance.now();
    const progress = (step: string, done: number, total: number) => {
      if (done === total) console.log(`  ${step}: ${done.toLocaleString('en')}`);
    };
    // The generator spreads requests over `years` back from `now`: all of 2021, then 2020 before it.
    await generateDemoData(ds, { citizens: 200_000, requests: REQUESTS, years: 1, now: new Date('2021-12-31T20:00:00Z'), batch: 50_000, onProgress: progress });
    await generateDemoData(ds, { citizens: 1, requests: Math.round(REQUESTS * 0.3), years: 1, now: new Date('2020-12-31T20:00:00Z'), batch: 50_000, onProgress: progress });
    await q.query(`SET maintenance_work_mem = '512MB'`);
    for (const i of indexes) await q.query(i.def);
    await q.query('VACUUM ANALYZE');
    console.log(`loaded and indexed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await q.release();
  }
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm, as a running server would be
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const fmt = (ms: number[]) => `median ${ms[ms.length >> 1].toFixed(0)} ms (min ${ms[0].toFixed(0)}, max ${ms[ms.length - 1].toFixed(0)})`;

async function main(): Promise<void> {
  const keep = process.env.BENCH_DIR;
  const dir = keep ?? (await mkdtemp(path.join(tmpdir(), 'hc-bench-report-')));
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: Boolean(keep) });
  const ds = createDataSource({ url: pg.url, poolSize: 6, applicationName: 'bench-report' });
  // The generator's big statements may outlast the pool's 15 s limit on a busy machine; a benchmark waits.
  (ds.options as { extra: Record<string, unknown> }).extra.statement_timeout = 0;
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM requests`);
    if (n < REQUESTS) await load(ds);
    const [year] = await ds.query(`
      SELECT count(*) FILTER (WHERE category = 'appeal')::int AS appeals, count(*)::int AS requests FROM requests
       WHERE received_at >= '2021-01-01T00:00:00+02' AND received_at < '2022-01-01T00:00:00+02'`);
    console.log(`2021: ${year.requests.toLocaleString('en')} requests, ${year.appeals.toLocaleString('en')} of them appeals`);
    const baseline = await time(() => ds.query(`SELECT count(*) FROM requests WHERE category = 'appeal' AND received_at >= '2021-01-01T00:00:00+02' AND received_at < '2022-01-01T00:00:00+02'`));
    const report = await time(() => yearlyReport(ds, { year: 2021 }));
    const scoped = await time(() => yearlyReport(ds, { year: 2021, addressee: 'city_leadership' }));
    console.log(`baseline: count of the year's appeals       ${fmt(baseline)}`);
    console.log(`yearly report 2021 (all addressees)         ${fmt(report)}`);
    console.log(`yearly report 2021 (city_leadership)        ${fmt(scoped)}`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log('goal: ≤ 1 s');
    const r = await yearlyReport(ds, { year: 2021 });
    console.log(`figures: appeals ${r.appeals.current} (2020: ${r.appeals.previous}, ${r.appeals.changePercent} %), service requests ${r.serviceRequests.current}`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pg.stop();
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
