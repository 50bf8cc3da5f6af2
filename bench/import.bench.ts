/**
 * `npm run bench:import`: a Kyiv year of a 1545 export (BENCH_ROWS, 1,200,000 rows, windows-1251, `;`, one
 * file) from the generator, imported into a throwaway embedded PostgreSQL, BENCH_RUNS times (1) into fresh
 * copies of the migrated database, then the same file again (all unchanged, nothing duplicated). A file of
 * new appeals by the same callers, and the first file once more as a role that may not turn triggers off,
 * are imported at BENCH_EXTRA_ROWS (100,000) rows. Prints the time and the process's peak memory of each
 * run, the wall time of each of its steps, next to a baseline (reading and parsing the file alone, no
 * database), and the machine's load (the figures are of a shared machine).
 * Goal of the issue (27): ≤ 5 minutes and ≤ 300 MB for the year on the 2-core machine. Prints, never fails.
 */
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { ukcTopicMapCsv, writeUkcFile } from '../db/seed/appeal-files';
import { openRecords } from '../server/imports/file-records';
import { runImport } from '../server/imports/imports.service';
import { loadTopicMap } from '../server/imports/topic-map';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_200_000);
/** First imports, each into a fresh copy of the migrated database (a year's takes ~5 minutes: one by default). */
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
/** The known callers' file and the run with every trigger: smaller, so the whole bench stays within ~15 minutes. */
const EXTRA_ROWS = Math.min(ROWS, Number(process.env.BENCH_EXTRA_ROWS ?? 100_000));
const GOAL = { seconds: 300, rssMb: 300 };
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Runs `fn` while sampling the resident set size; returns seconds and the peak. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakRss: number }> {
  // Each run starts from a collected heap, so its peak is its own, not the garbage of the run before.
  (globalThis as { gc?: () => void }).gc?.();
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  try {
    const value = await fn();
    return { value, seconds: (performance.now() - t0) / 1000, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

/** A database of its own for each run, copied from one migrated template: every first import starts equal. */
async function freshDatabase(admin: DataSource, url: string, name: string): Promise<DataSource> {
  await admin.query(`CREATE DATABASE ${name} TEMPLATE bench_template`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const ds = createDataSource({ url: u.toString(), poolSize: 2, applicationName: 'bench-import' });
  await ds.initialize();
  return ds;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-import-'));
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const admin = createDataSource({ url: pg.adminUrl, poolSize: 1, applicationName: 'bench-import' });
  try {
    await admin.initialize();
    await admin.query('CREATE DATABASE bench_template');
    const template = new URL(pg.adminUrl);
    template.pathname = '/bench_template';
    const setup = createDataSource({ url: template.toString(), poolSize: 2 });
    await setup.initialize();
    await setup.runMigrations({ transaction: 'all' });
    await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
    await loadTopicMap(setup, 'ukc1545', path.join(dir, 'map.csv'));
    await setup.destroy();
    const file = path.join(dir, 'ukc1545.csv');
    const gen = await measured(() => writeUkcFile(file, { rows: ROWS, unmappedEvery: 50 }));
    console.log(`generated ${ROWS.toLocaleString('en')} rows, ${mb((await stat(file)).size)}, windows-1251, in ${gen.seconds.toFixed(1)} s`);
    // Other numbers, the same phones: every applicant is found, none created.
    const known = path.join(dir, 'ukc1545-known.csv');
    await writeUkcFile(known, { rows: EXTRA_ROWS, unmappedEvery: 50, firstNumber: 2, year: 2022 });
    // The first rows of the year's file, for the run with every trigger.
    const small = path.join(dir, 'ukc1545-small.csv');
    await writeUkcFile(small, { rows: EXTRA_ROWS, unmappedEvery: 50 });
    const base = await measured(async () => {
      let n = 0;
      for await (const row of (await openRecords(file)).rows) n += row.length > 0 ? 1 : 0;
      return n;
    });
    console.log(`baseline: decode + CSV parse alone   ${base.seconds.toFixed(1)} s, peak RSS ${mb(base.peakRss)} (load ${load()})`);
    const actor = { userId: null, name: 'bench' };
    const firsts: { seconds: number; peakRss: number }[] = [];
    let reimport: { seconds: number; peakRss: number; unchanged: number; new: number; updated: number } | null = null;
    for (let run = 1; run <= RUNS; run++) {
      const ds = await freshDatabase(admin, pg.adminUrl, `bench_run_${run}`);
      try {
        // The last run's database also takes the same file again, then a file of new appeals by the same callers.
        const labels = run === RUNS ? ['first import', 're-import (unchanged)', 'known callers'] : ['first import'];
        for (const label of labels) {
          const [path, rows] = label === 'known callers' ? [known, EXTRA_ROWS] : [file, ROWS];
          const phases: string[] = [];
          const onPhase = (phase: string, ms: number) => phases.push(`${phase} ${(ms / 1000).toFixed(1)} s`);
          const r = await measured(() => runImport(ds, { format: 'ukc1545', path, fileName: 'ukc1545.csv', dryRun: false, actor, onPhase }));
          const s = r.value;
          if (label === 'first import') firsts.push(r);
          if (label.startsWith('re-import')) reimport = { ...r, unchanged: s.unchanged, new: s.new, updated: s.updated };
          console.log(`${`${label}${label === 'first import' ? ` ${run}/${RUNS}` : ''}`.padEnd(22)} ${r.seconds.toFixed(1)} s (${rows.toLocaleString('en')} rows, ${Math.round(rows / r.seconds).toLocaleString('en')} rows/s), peak RSS ${mb(r.peakRss)}; new ${s.new}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected}, unclassified ${s.unclassified} (load ${load()})`);
          console.log(`  phases: ${phases.join(', ')}`);
        }
        const [{ requests, numbers }] = await ds.query(`SELECT count(*)::int AS requests, count(DISTINCT external_number)::int AS numbers FROM requests WHERE source = 'ukc1545' AND external_number LIKE '1%'`);
        console.log(`  the year's numbers in the database: ${requests.toLocaleString('en')} requests, ${numbers.toLocaleString('en')} distinct numbers`);
      } finally {
        await ds.destroy();
        await admin.query(`DROP DATABASE bench_run_${run}`);
      }
    }
    // The same first import by a role that may not turn triggers off: every per-row trigger fires.
    {
      const ds = await freshDatabase(admin, pg.adminUrl, 'bench_run_triggers');
      await ds.query(`CREATE ROLE bench_importer LOGIN PASSWORD 'bench'`);
      await ds.query('GRANT ALL ON ALL TABLES IN SCHEMA public TO bench_importer; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO bench_importer');
      const u = new URL(pg.adminUrl);
      u.pathname = '/bench_run_triggers';
      u.username = 'bench_importer';
      u.password = 'bench';
      const asRole = createDataSource({ url: u.toString(), poolSize: 2, applicationName: 'bench-import' });
      await asRole.initialize();
      try {
        const r = await measured(() => runImport(asRole, { format: 'ukc1545', path: small, fileName: 'ukc1545.csv', dryRun: false, actor }));
        console.log(`${'with every trigger'.padEnd(22)} ${r.seconds.toFixed(1)} s (${EXTRA_ROWS.toLocaleString('en')} rows, a role without SET on session_replication_role); new ${r.value.new}`);
      } finally {
        await asRole.destroy();
        await ds.query('DROP OWNED BY bench_importer');
        await ds.destroy();
        await admin.query('DROP DATABASE bench_run_triggers');
        await admin.query('DROP ROLE bench_importer');
      }
    }
    const sorted = [...firsts].sort((a, b) => a.seconds - b.seconds);
    const median = sorted[Math.floor((RUNS - 1) / 2)];
    const peak = Math.max(...firsts.map((f) => f.peakRss), reimport?.peakRss ?? 0);
    console.log(`first import over ${RUNS} run(s): median ${median.seconds.toFixed(1)} s, best ${sorted[0].seconds.toFixed(1)} s, worst ${sorted[RUNS - 1].seconds.toFixed(1)} s; peak RSS ${mb(peak)}; baseline (decode + parse alone) ${base.seconds.toFixed(1)} s`);
    console.log(`machine: ${cpus().length} cores, load average ${load()}`);
    const unchanged = reimport !== null && reimport.unchanged === ROWS && reimport.new === 0 && reimport.updated === 0;
    const met = median.seconds <= GOAL.seconds && peak <= GOAL.rssMb * 1024 * 1024 && unchanged;
    console.log(`goal (issue 27): ${ROWS.toLocaleString('en')} rows in ≤ ${GOAL.seconds} s, peak RSS ≤ ${GOAL.rssMb} MB, the re-import all unchanged: ${met ? 'met' : 'NOT met'} (${median.seconds.toFixed(1)} s, ${mb(peak)}, re-import ${unchanged ? 'all unchanged' : 'changed something'})`);
  } finally {
    if (admin.isInitialized) await admin.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
