import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { BackupSettings } from '../../config';
import { createBackup } from './backup';
import { pruneBackups, recordBackup } from './backups.repository';
import { manifestPath, recordingsPath } from './manifest';

export interface ScheduledBackupDeps {
  dataSource: DataSource;
  /** The application's database URL (pg_dump connects with it). */
  url: string;
  settings: BackupSettings;
  log: Logger;
}

const fileName = (at: Date) => `hromada-${at.toISOString().replace(/[:.]/g, '-')}.dump`;

/**
 * One scheduled backup into BACKUP_DIR. A failure (a full disk, pg_dump missing) is recorded, not thrown: it
 * reaches the admins' page and /metrics, and trying again at once would only fail again. The older backups are
 * pruned only after a success, so a failing run never costs a good one.
 */
export async function runScheduledBackup(deps: ScheduledBackupDeps): Promise<{ ok: boolean; file: string; error?: string }> {
  const at = new Date();
  const file = path.join(deps.settings.dir, fileName(at));
  try {
    await mkdir(deps.settings.dir, { recursive: true });
    const manifest = await createBackup({ url: deps.url, file, recordingsDir: deps.settings.recordings ? deps.settings.recordingsDir : null });
    const bytes = manifest.dump.bytes + (manifest.recordings.included ? manifest.recordings.bytes : 0);
    await recordBackup(deps.dataSource, { at, file, bytes, ok: true, error: null });
    for (const old of await pruneBackups(deps.dataSource, deps.settings.keep)) {
      await Promise.all([old, manifestPath(old), recordingsPath(old)].map((f) => rm(f, { force: true })));
    }
    deps.log.info({ file, bytes }, 'backup written');
    return { ok: true, file };
  } catch (e) {
    const error = (e as Error).message;
    deps.log.error({ err: e, file }, 'backup failed');
    await recordBackup(deps.dataSource, { at, file, bytes: null, ok: false, error }).catch((re: unknown) => deps.log.error({ err: re }, 'the failed backup could not be recorded'));
    return { ok: false, file, error };
  }
}
