import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { libpqTarget, runTool } from './libpq';
import { BackupRefused, readManifest, recordingsPath, sha256File, type Manifest } from './manifest';
import { locatePgTools } from './pg-tools';
import { readFacts, serverMajor, userRelationCount } from './snapshot';

export interface RestoreOptions {
  url: string;
  file: string;
  /** The migrations this build knows, by name: a dump that ran others comes from a newer version. */
  knownMigrations: string[];
  /** Where recordings go back when the backup holds them (RECORDINGS_DIR). */
  recordingsDir?: string | null;
  env?: NodeJS.ProcessEnv;
}

/**
 * Everything that can be checked is checked before the first write: the manifest, the checksums of the files
 * (a truncated or altered file is refused), the schema (a newer one is refused) and the target (it must be
 * empty). pg_restore then runs in one transaction, so a failure midway leaves the database as empty as it was.
 */
export async function restoreBackup(o: RestoreOptions): Promise<Manifest> {
  const manifest = await readManifest(o.file);
  await verifyFile(o.file, manifest.dump);
  if (manifest.recordings.included) await verifyFile(recordingsPath(o.file), manifest.recordings);
  const newer = manifest.schema.migrations.filter((m) => !o.knownMigrations.includes(m));
  if (newer.length) {
    throw new BackupRefused(`the backup comes from a newer version (migrations this build does not know: ${newer.join(', ')}): restore it with that version`);
  }
  const client = new pg.Client({ connectionString: o.url, application_name: 'hromada-contact-restore' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const relations = await userRelationCount(client);
    if (relations > 0) {
      throw new BackupRefused(`the database ${client.database} is not empty (${relations} tables, views or sequences): restore only into an empty database`);
    }
    const tools = await locatePgTools(await serverMajor(client), o.env);
    const target = libpqTarget(o.url);
    // --no-owner/--no-privileges: the restoring role owns what it creates, whatever role made the dump.
    await runTool(tools.pgRestore, ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${target.dbname}`, o.file], target.env);
    await checkCounts(client, manifest);
  } finally {
    await client.end().catch(() => undefined);
  }
  if (manifest.recordings.included && o.recordingsDir) await unpackRecordings(recordingsPath(o.file), o.recordingsDir);
  return manifest;
}

async function verifyFile(file: string, expected: { bytes: number; sha256: string }): Promise<void> {
  const bytes = await stat(file).then((s) => s.size, () => null);
  if (bytes === null) throw new BackupRefused(`${file} is missing`);
  if (bytes !== expected.bytes) throw new BackupRefused(`${file} has ${bytes} bytes, its manifest says ${expected.bytes}: it is truncated or altered`);
  if ((await sha256File(file)) !== expected.sha256) throw new BackupRefused(`${file} does not match the checksum of its manifest: it is altered or damaged`);
}

/** The restored rows, table by table, against the counts taken in the dump's snapshot. */
async function checkCounts(client: pg.Client, manifest: Manifest): Promise<void> {
  const { tables } = await readFacts(client);
  const wrong = Object.entries(manifest.tables).filter(([t, n]) => tables[t] !== n).map(([t, n]) => `${t}: ${tables[t] ?? 'missing'} of ${n}`);
  if (wrong.length) throw new Error(`the restored database differs from the backup's manifest (${wrong.join('; ')})`);
}

/** Recordings go back beside whatever is there; a file already present is kept, not overwritten. */
async function unpackRecordings(archive: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const present = await readdir(dir);
  await runTool('tar', ['-xzf', archive, '-C', path.resolve(dir), ...(present.length ? ['--skip-old-files'] : [])], process.env);
}
