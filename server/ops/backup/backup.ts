import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { libpqTarget, runTool } from './libpq';
import { MANIFEST_FORMAT, manifestPath, recordingsPath, sha256File, type Manifest } from './manifest';
import { locatePgTools } from './pg-tools';
import { readFacts, serverMajor } from './snapshot';

export interface BackupOptions {
  /** The database to back up (the application's own URL: its role owns everything in it). */
  url: string;
  file: string;
  /** BACKUP_RECORDINGS with RECORDINGS_DIR: that folder is archived beside the dump. */
  recordingsDir?: string | null;
  env?: NodeJS.ProcessEnv;
}

/**
 * A consistent backup while the application writes: one REPEATABLE READ transaction exports its snapshot,
 * pg_dump reads that very snapshot (--snapshot), and the manifest's row counts are taken in it too, so the
 * counts describe exactly the rows in the dump. Files are written under a temporary name and renamed when
 * complete: a failed backup (a full disk, a dropped connection) leaves no half file and no earlier one touched.
 */
export async function createBackup(o: BackupOptions): Promise<Manifest> {
  const client = new pg.Client({ connectionString: o.url, application_name: 'hromada-contact-backup' });
  client.on('error', () => undefined);
  await client.connect();
  const partial = { dump: `${o.file}.partial`, recordings: `${recordingsPath(o.file)}.partial`, manifest: `${manifestPath(o.file)}.partial` };
  try {
    const tools = await locatePgTools(await serverMajor(client), o.env);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [{ snapshot }] = (await client.query('SELECT pg_export_snapshot() AS snapshot')).rows;
    const facts = await readFacts(client);
    const target = libpqTarget(o.url);
    // A table locked by a long migration fails the backup after a minute rather than hanging the schedule.
    const args = ['--format=custom', `--snapshot=${snapshot}`, '--lock-wait-timeout=60000', `--file=${partial.dump}`, `--dbname=${target.dbname}`];
    await runTool(tools.pgDump, args, target.env);
    await client.query('COMMIT');
    const recordings = o.recordingsDir ? await archiveRecordings(o.recordingsDir, partial.recordings) : null;
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      createdAt: new Date().toISOString(),
      postgres: facts.postgres,
      schema: { version: facts.migrations.at(-1) ?? null, migrations: facts.migrations },
      tables: facts.tables,
      dump: await fileEntry(partial.dump, o.file),
      recordings: recordings ? { included: true, ...(await fileEntry(partial.recordings, recordingsPath(o.file))) } : { included: false },
    };
    await writeFile(partial.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    if (recordings) await rename(partial.recordings, recordingsPath(o.file));
    await rename(partial.dump, o.file);
    // The manifest last: a dump without its manifest is refused by restore, never half-trusted.
    await rename(partial.manifest, manifestPath(o.file));
    return manifest;
  } catch (e) {
    await Promise.all(Object.values(partial).map((f) => rm(f, { force: true })));
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function fileEntry(written: string, final: string): Promise<{ file: string; bytes: number; sha256: string }> {
  return { file: path.basename(final), bytes: (await stat(written)).size, sha256: await sha256File(written) };
}

async function archiveRecordings(dir: string, into: string): Promise<true> {
  await stat(dir).catch(() => {
    throw new Error(`BACKUP_RECORDINGS is true but the recordings folder ${dir} does not exist`);
  });
  await runTool('tar', ['-czf', into, '-C', dir, '.'], process.env);
  return true;
}
