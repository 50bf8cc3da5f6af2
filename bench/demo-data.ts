import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { generateDemoData, type GenerateOptions } from '../db/seed/generate';

/** The tables the generator fills: their secondary indexes are dropped while it writes. */
const FILLED = ['requests', 'citizens', 'citizen_phones', 'request_events', 'calls', 'call_requests'];

/**
 * Loads the demo generator's data the way a bulk load should be done: the secondary indexes dropped while it
 * writes and built afterwards (one GIN build is many times faster than millions of incremental GIN inserts),
 * then VACUUM ANALYZE, so index-only scans and the planner see what a running server would. The definitions
 * come from the catalogue, so they are exactly what the migrations made. Returns the seconds it took.
 * Each run of one loader with the same options writes the same data (the generator is seeded): benches that
 * keep a cluster in BENCH_DIR can share it.
 */
export async function loadDemoData(ds: DataSource, runs: Omit<GenerateOptions, 'onProgress'>[]): Promise<number> {
  const q = ds.createQueryRunner();
  await q.connect();
  const started = performance.now();
  try {
    await q.query('SET statement_timeout = 0');
    const indexes: { name: string; def: string }[] = await q.query(`
      SELECT indexname AS name, indexdef AS def FROM pg_indexes
       WHERE schemaname = 'public' AND tablename = ANY ($1) AND indexdef NOT LIKE 'CREATE UNIQUE%'`, [FILLED]);
    for (const i of indexes) await q.query(`DROP INDEX ${i.name}`);
    for (const run of runs) await generateDemoData(ds, { ...run, onProgress: progress() });
    const built = performance.now();
    await q.query(`SET maintenance_work_mem = '512MB'`);
    for (const i of indexes) await q.query(i.def);
    await q.query('VACUUM ANALYZE');
    const s = (from: number) => ((performance.now() - from) / 1000).toFixed(0);
    console.log(`  generated in ${s(started)} s, of which ${indexes.length} indexes built and vacuumed in ${s(built)} s`);
    return (performance.now() - started) / 1000;
  } finally {
    await q.release();
  }
}

/** A line per tenth of each step, with the time since the load began. */
function progress(): GenerateOptions['onProgress'] {
  const started = performance.now();
  let shown = '';
  return (step, done, total) => {
    const line = `${step} ${Math.floor((10 * done) / total) * 10} %`;
    if (line === shown) return;
    shown = line;
    console.log(`  ${step}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  };
}
