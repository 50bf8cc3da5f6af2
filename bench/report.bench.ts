/**
 * `npm run bench:report`: the yearly report over the last full year of BENCH_REQUESTS requests spread over five
 * years (Kyiv: 6,000,000 requests and 2,000,000 citizens, 1.2 million in the year), loaded with the demo generator
 * into a throwaway embedded PostgreSQL. The data is bench:search's (the same generator, the same options), so
 * one BENCH_DIR cluster serves both. Prints the report's time (warm, median of several runs) next to a baseline:
 * one plain count of that year's appeals. Goal of the issue: ≤ 1 s. Prints, never fails.
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { fromKyivWallClock } from '../server/imports/kyiv-time';
import { yearlyReport } from '../server/reports/yearly.service';
import { loadDemoData } from './demo-data';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 300_000);
/** The last full year in the data: five years back from today reach into it from the start. */
const YEAR = new Date().getFullYear() - 1;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

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

const kyivNewYear = (year: number) => fromKyivWallClock(year, 1, 1)!;
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
    if (n < REQUESTS) await loadDemoData(ds, [{ citizens: CITIZENS, requests: REQUESTS, years: 5, batch: 50_000 }]);
    const [year] = await ds.query(`
      SELECT count(*) FILTER (WHERE category = 'appeal')::int AS appeals, count(*)::int AS requests, (SELECT count(*)::int FROM requests) AS everything
        FROM requests WHERE received_at >= $1 AND received_at < $2`, [kyivNewYear(YEAR), kyivNewYear(YEAR + 1)]);
    console.log(`${YEAR}: ${year.requests.toLocaleString('en')} requests, ${year.appeals.toLocaleString('en')} of them appeals; ${year.everything.toLocaleString('en')} in the database`);
    const baseline = await time(() => ds.query(`SELECT count(*) FROM requests WHERE category = 'appeal' AND received_at >= $1 AND received_at < $2`, [kyivNewYear(YEAR), kyivNewYear(YEAR + 1)]));
    const report = await time(() => yearlyReport(ds, { year: YEAR }));
    const scoped = await time(() => yearlyReport(ds, { year: YEAR, addressee: 'city_leadership' }));
    console.log(`baseline: count of the year's appeals       ${fmt(baseline)}`);
    console.log(`yearly report ${YEAR} (all addressees)         ${fmt(report)}`);
    console.log(`yearly report ${YEAR} (city_leadership)        ${fmt(scoped)}`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log('goal: ≤ 1 s');
    const r = await yearlyReport(ds, { year: YEAR });
    console.log(`figures: appeals ${r.appeals.current} (${YEAR - 1}: ${r.appeals.previous}, ${r.appeals.changePercent} %), service requests ${r.serviceRequests.current}`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pg.stop();
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
