/**
 * `npm run bench:retention`: the daily retention run over BENCH_REQUESTS requests (1,000,000 by default) of
 * BENCH_YEARS years of demo history (the demo generator, in a throwaway embedded PostgreSQL). Prints the first
 * run (which anonymises everyone whose data expired), its cost per citizen, and the second run the next day
 * would be (nothing left to do: the steady daily cost), against one plain count of the requests in the same run.
 * BENCH_DIR keeps the loaded cluster for the next run. It never fails.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { generateDemoData } from '../db/seed/generate';
import { createAuditService } from '../server/audit/audit.service';
import { runRetention } from '../server/retention/retention.service';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? Math.round(REQUESTS * 0.3));
const YEARS = Number(process.env.BENCH_YEARS ?? 8);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
function percentiles(ms: number[]): string {
  if (!ms.length) return 'none';
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const keep = process.env.BENCH_DIR;
  const dir = keep ?? (await mkdtemp(path.join(tmpdir(), 'hc-bench-retention-')));
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: Boolean(keep) });
  const ds = createDataSource({ url: pg.url, poolSize: 4, applicationName: 'bench-retention' });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM requests');
    if (n < REQUESTS) {
      const t0 = performance.now();
      // Loading runs without the product pool's 15 s statement limit (a loaded machine takes longer a batch).
      const loader = createDataSource({ url: pg.url, poolSize: 1, applicationName: 'bench-retention-load' });
      (loader.options.extra as { statement_timeout: number }).statement_timeout = 0;
      await loader.initialize();
      await generateDemoData(loader, {
        citizens: CITIZENS, requests: REQUESTS, years: YEARS, batch: 20_000,
        onProgress: (step, done, total) => done % 100_000 === 0 || done === total ? console.log(`  ${step}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`) : undefined,
      });
      await loader.query('VACUUM ANALYZE');
      await loader.destroy();
      console.log(`generated ${REQUESTS.toLocaleString('en')} requests of ${CITIZENS.toLocaleString('en')} citizens over ${YEARS} years in ${seconds(performance.now() - t0)}`);
    }
    const b0 = performance.now();
    await ds.query('SELECT count(*) FROM requests');
    const baseline = performance.now() - b0;

    const audit = createAuditService(ds);
    const gaps: number[] = [];
    let last = performance.now();
    const t1 = performance.now();
    const first = await runRetention(ds, audit, {
      trigger: 'cli',
      onCitizen: () => {
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      },
    });
    const firstMs = performance.now() - t1;
    const t2 = performance.now();
    const second = await runRetention(ds, audit, { trigger: 'cli' });
    const secondMs = performance.now() - t2;
    const summary = (o: typeof first) => ('ran' in o ? `anonymised ${o.ran.anonymised.toLocaleString('en')}, held ${o.ran.held}, deleted ${JSON.stringify(o.ran.deleted)}` : 'busy');
    console.log(`baseline (count the requests once):     ${baseline.toFixed(0)} ms`);
    console.log(`first run (everything expired at once): ${seconds(firstMs)}: ${summary(first)}`);
    console.log(`  per citizen (found, checked, anonymised, recorded): ${percentiles(gaps)}`);
    console.log(`next day's run (nothing new expired):   ${seconds(secondMs)}: ${summary(second)}`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pg.stop();
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
