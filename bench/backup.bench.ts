/**
 * `npm run bench:backup`: backup and restore at BENCH_REQUESTS requests (default 1,000,000, the closing note's
 * figure). A throwaway embedded PostgreSQL, the demo generator's history, then the real backup (pg_dump of one
 * snapshot, manifest, checksum) and the real restore (checks, pg_restore in one transaction, counts) into a
 * second, empty database. Prints the times and sizes; never fails on a figure.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrations } from '../db/migrations';
import { generateDemoData } from '../db/seed/generate';
import { createBackup } from '../server/ops/backup/backup';
import { restoreBackup } from '../server/ops/backup/restore';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? Math.ceil(REQUESTS * 0.3));

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-backup-'));
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const base = createDataSource({ url: server.url, poolSize: 2, applicationName: 'bench-backup' });
  // Loading a million rows on a shared machine may take longer than the application's 15 s statement limit.
  const ds = new DataSource({ ...base.options, extra: { ...base.options.extra, statement_timeout: 0 } } as typeof base.options);
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    let t = performance.now();
    await generateDemoData(ds, { citizens: CITIZENS, requests: REQUESTS, years: 5 });
    const generated = performance.now() - t;
    const [{ size }] = await ds.query('SELECT pg_database_size(current_database())::bigint AS size');
    await ds.destroy();

    const file = path.join(dir, 'bench.dump');
    t = performance.now();
    const manifest = await createBackup({ url: server.url, file });
    const backupMs = performance.now() - t;

    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE restored OWNER hromada');
    await admin.end();
    const target = new URL(server.url);
    target.pathname = '/restored';
    t = performance.now();
    await restoreBackup({ url: target.toString(), file, knownMigrations: migrations.map((m) => m.name) });
    const restoreMs = performance.now() - t;

    const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
    console.log(`backup/restore bench: ${REQUESTS.toLocaleString('en')} requests, ${CITIZENS.toLocaleString('en')} citizens (generated in ${seconds(generated)})`);
    console.log(`  database size        ${mib(Number(size))}, ${rows.toLocaleString('en')} rows in ${Object.keys(manifest.tables).length} tables`);
    console.log(`  backup (pg_dump -Fc) ${seconds(backupMs)}, dump ${mib(manifest.dump.bytes)}`);
    console.log(`  restore (checked)    ${seconds(restoreMs)}`);
    console.log(`  load average         ${loadavg().map((l) => l.toFixed(1)).join(' ')} (a shared machine: the times follow it)`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
