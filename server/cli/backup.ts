import path from 'node:path';
import { createDataSource } from '../../db/data-source';
import { migrations } from '../../db/migrations';
import { attachEmbeddedPostgres } from '../../db/embedded';
import { readConfig } from '../config';
import { AppError } from '../http/errors';
import { createBackup } from '../ops/backup/backup';
import { restoreBackup } from '../ops/backup/restore';
import { text, type parseArgs } from './args';

type Args = ReturnType<typeof parseArgs>;

/**
 * The database the environment names, as it is: unlike the other commands, backup and restore never migrate
 * first (a backup taken before an upgrade must hold the old schema; a restore needs the database empty).
 */
async function withUrl<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const config = readConfig();
  if (config.databaseUrl) return fn(config.databaseUrl);
  const embedded = await attachEmbeddedPostgres(path.join(config.dataDir, 'pg'));
  try {
    return await fn(embedded.url);
  } finally {
    await embedded.stop();
  }
}

function fileArg(args: Args): string {
  const file = text(args.file);
  if (!file) throw new AppError(400, 'invalid_input', 'Give the backup file with --file PATH.');
  return path.resolve(file);
}

/** Prints the manifest as JSON on its last line (scripts read it). */
export async function backupCommand(args: Args): Promise<void> {
  const file = fileArg(args);
  const { backup } = readConfig();
  const manifest = await withUrl((url) => createBackup({ url, file, recordingsDir: backup.recordings ? backup.recordingsDir : null }));
  process.stdout.write(`backup written to ${file}\n${JSON.stringify(manifest)}\n`);
}

/** Restores into an empty database, then migrates it forward to this build's schema. */
export async function restoreCommand(args: Args): Promise<void> {
  const file = fileArg(args);
  const { backup } = readConfig();
  const knownMigrations = migrations.map((m) => m.name);
  await withUrl(async (url) => {
    const manifest = await restoreBackup({ url, file, knownMigrations, recordingsDir: backup.recordings ? backup.recordingsDir : null });
    const dataSource = createDataSource({ url, poolSize: 1, applicationName: 'hromada-contact-cli' });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
      process.stdout.write(`restored ${file} (schema ${manifest.schema.version ?? 'none'}, ${rows} rows); migrated forward: ${applied.length ? applied.map((m) => m.name).join(', ') : 'nothing to do'}\n`);
    } finally {
      await dataSource.destroy();
    }
  });
}
