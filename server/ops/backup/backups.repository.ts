import type { DataSource } from 'typeorm';

export interface BackupRecord {
  at: string;
  file: string;
  bytes: number | null;
  ok: boolean;
  error?: string;
}

export async function recordBackup(ds: DataSource, r: { at: Date; file: string; bytes: number | null; ok: boolean; error: string | null }): Promise<void> {
  await ds.query('INSERT INTO backups (at, file, bytes, ok, error) VALUES ($1, $2, $3, $4, $5)', [r.at, r.file, r.bytes, r.ok, r.error]);
}

/** Newest first; pruned backups (their files deleted by BACKUP_KEEP) are no longer listed. */
export async function listBackups(ds: DataSource, limit = 100): Promise<BackupRecord[]> {
  const rows: { at: Date; file: string; bytes: string | null; ok: boolean; error: string | null }[] = await ds.query(
    'SELECT at, file, bytes, ok, error FROM backups WHERE pruned_at IS NULL ORDER BY at DESC, id DESC LIMIT $1', [limit],
  );
  return rows.map((r) => ({
    at: r.at.toISOString(), file: r.file, bytes: r.bytes === null ? null : Number(r.bytes), ok: r.ok, ...(r.error ? { error: r.error } : {}),
  }));
}

/**
 * Successful backups beyond the newest `keep` are marked pruned and returned, so their files can go; failures
 * older than the oldest backup kept go from the list with them (they have no files).
 */
export async function pruneBackups(ds: DataSource, keep: number): Promise<string[]> {
  // A SELECT around the UPDATE: TypeORM answers a bare UPDATE with [rows, count] instead of the rows.
  const rows: { file: string; ok: boolean }[] = await ds.query(`
    WITH kept AS (SELECT id, at FROM backups WHERE ok AND pruned_at IS NULL ORDER BY at DESC, id DESC LIMIT $1),
         oldest AS (SELECT min(at) AS at FROM kept),
         pruned AS (
           UPDATE backups b SET pruned_at = now()
            WHERE b.pruned_at IS NULL AND b.id NOT IN (SELECT id FROM kept) AND (b.ok OR b.at < (SELECT at FROM oldest))
           RETURNING b.file, b.ok)
    SELECT file, ok FROM pruned`, [keep]);
  return rows.filter((r) => r.ok).map((r) => r.file);
}

/** The newest run and the newest success, for /metrics. */
export async function backupFigures(ds: DataSource): Promise<{ lastOk: boolean | null; lastSuccess: { at: Date; bytes: number } | null }> {
  const [last] = await ds.query('SELECT ok FROM backups ORDER BY at DESC, id DESC LIMIT 1');
  const [success] = await ds.query('SELECT at, bytes FROM backups WHERE ok ORDER BY at DESC, id DESC LIMIT 1');
  return { lastOk: last ? last.ok : null, lastSuccess: success ? { at: success.at, bytes: Number(success.bytes) } : null };
}
