/**
 * `npm run bench:recordings-retention`: one retention run (issue 23) over BENCH_RECORDINGS recordings (10,000) in a
 * throwaway embedded PostgreSQL, each with its file (BENCH_FILE_KB, 8 KB) on disk: BENCH_EXPIRED_SHARE of them past
 * retention, a third of those on a request still open (held). Prints the run's time, files and rows per second,
 * and as a baseline in the same run the bare unlink of as many files; then a second run with nothing to do.
 * It never fails.
 */
import { chmod, mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { purgeRecordings } from '../server/calls/recording/retention';

const RECORDINGS = Number(process.env.BENCH_RECORDINGS ?? 10_000);
const EXPIRED_SHARE = Number(process.env.BENCH_EXPIRED_SHARE ?? 0.6);
const FILE_KB = Number(process.env.BENCH_FILE_KB ?? 8);

async function seed(ds: DataSource): Promise<void> {
  const expired = Math.round(RECORDINGS * EXPIRED_SHARE);
  await ds.transaction(async (m) => {
    await m.query(`INSERT INTO citizens (full_name, address) VALUES ('Бенч Олена', 'вул. Шевченка, 1')`);
    // Every third expired call is on an open request (held by law), the others on a closed one or none.
    await m.query(`INSERT INTO calls (id, queued_at, answered_at, ended_at, outcome)
      SELECT 'bench-' || i, now() - CASE WHEN i <= ${expired} THEN interval '120 days' ELSE interval '5 days' END, now(), now(), 'answered'
        FROM generate_series(1, ${RECORDINGS}) i`);
    await m.query(`INSERT INTO recordings (call_id, file, state, started_at, ended_at, duration_seconds, bytes)
      SELECT 'bench-' || i, 'bench-' || i || '.wav', 'available', now(), now() - CASE WHEN i <= ${expired} THEN interval '120 days' ELSE interval '5 days' END,
             ${FILE_KB * 1024 / 16000}, ${FILE_KB * 1024} FROM generate_series(1, ${RECORDINGS}) i`);
    await m.query(`INSERT INTO requests (number, received_at, source, topic_code, description, status, citizen_id, due_at, closed_at)
      SELECT 'RB-' || i, now() - interval '130 days', 'call', 'HS.11', 'bench', CASE WHEN i % 3 = 0 THEN 'assigned' ELSE 'closed' END,
             (SELECT min(id) FROM citizens), now() + interval '5 days', CASE WHEN i % 3 = 0 THEN NULL ELSE now() END
        FROM generate_series(1, ${expired}) i WHERE i % 3 = 0 OR i % 3 = 1`);
    await m.query(`INSERT INTO call_requests (call_id, request_id) SELECT 'bench-' || substring(number FROM 4), id FROM requests WHERE number LIKE 'RB-%'`);
  });
  await ds.query('ANALYZE');
}

async function files(dir: string, prefix: string, n: number): Promise<void> {
  const content = Buffer.alloc(FILE_KB * 1024);
  for (let i = 1; i <= n; i += 200) {
    await Promise.all(Array.from({ length: Math.min(200, n - i + 1) }, (_, k) => writeFile(path.join(dir, `${prefix}${i + k}.wav`), content)));
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-retention-'));
  await chmod(dir, 0o755);
  const monitor = path.join(dir, 'monitor');
  const baselineDir = path.join(dir, 'baseline');
  await mkdir(monitor);
  await mkdir(baselineDir);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const ds = createDataSource({ url: pg.url, poolSize: 4, applicationName: 'bench-recordings-retention' });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    const t0 = performance.now();
    await seed(ds);
    await files(monitor, 'bench-', RECORDINGS);
    console.log(`seeded ${RECORDINGS.toLocaleString('en')} recordings (${FILE_KB} KB files) in ${Math.round(performance.now() - t0)} ms`);

    const expected = Math.round(RECORDINGS * EXPIRED_SHARE);
    const held = Math.floor(expected / 3);
    await files(baselineDir, 'b-', expected - held);
    const b0 = performance.now();
    for (const name of await readdir(baselineDir)) await unlink(path.join(baselineDir, name));
    const baselineMs = performance.now() - b0;

    const r0 = performance.now();
    const result = await purgeRecordings(ds, { dir: monitor, retentionDays: 90 });
    const runMs = performance.now() - r0;
    const r1 = performance.now();
    const again = await purgeRecordings(ds, { dir: monitor, retentionDays: 90 });
    const idleMs = performance.now() - r1;

    console.log(`retention run: ${result.deleted.toLocaleString('en')} deleted, ${result.held.toLocaleString('en')} held (open request), ${result.errors} errors, ${(result.bytes / 1_048_576).toFixed(1)} MB freed in ${Math.round(runMs)} ms (${Math.round(result.deleted / (runMs / 1000)).toLocaleString('en')} recordings/s)`);
    console.log(`baseline (unlink ${(expected - held).toLocaleString('en')} files one by one, no database): ${Math.round(baselineMs)} ms`);
    console.log(`second run, nothing left to delete: ${again.deleted} deleted, ${again.held} held in ${Math.round(idleMs)} ms`);
    console.log(`files left: ${(await readdir(monitor)).length.toLocaleString('en')} (expected ${(RECORDINGS - result.deleted).toLocaleString('en')})`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
