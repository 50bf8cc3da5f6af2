import { unlink } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { OPEN } from '../../requests/transitions';
import { recordingPath } from './recording-folder';

export interface PurgeResult {
  purgeId: number;
  cutoff: string;
  deleted: number;
  /** Past their retention but attached to a request still open (legal hold): kept. */
  held: number;
  bytes: number;
  errors: number;
}

const BATCH = 500;

/** Expired recordings free of any hold, oldest first; `skip` are those whose file could not be removed this run. */
const EXPIRED = `
  SELECT r.call_id AS "callId", r.file, coalesce(r.bytes, 0)::bigint AS bytes FROM recordings r
   WHERE r.state = 'available' AND (r.ended_at < $1 OR r.erase_requested_at IS NOT NULL) AND NOT (r.call_id = ANY($3))
     AND NOT EXISTS (SELECT 1 FROM call_requests cr JOIN requests q ON q.id = cr.request_id
                      WHERE cr.call_id = r.call_id AND q.status = ANY($2))
   ORDER BY r.ended_at LIMIT ${BATCH}`;

/**
 * Deletes the recordings past `RECORDINGS_RETENTION_DAYS`, and those whose citizen was anonymised (marked for
 * erasure, server/privacy/anonymise-rows.ts), except those of calls attached to a request the law
 * still keeps open (the request's own legal hold, server/privacy/legal-hold.ts: not closed, forwarded or
 * cancelled). Each file goes first, then its row says `deleted` with the run that deleted it, so a crash in
 * between leaves a row that the next run deletes again (a missing file counts as deleted).
 */
export async function purgeRecordings(dataSource: DataSource, o: { dir: string; retentionDays: number; now?: Date }): Promise<PurgeResult> {
  const cutoff = new Date((o.now ?? new Date()).getTime() - o.retentionDays * 86_400_000).toISOString();
  const [{ id: purgeId }] = await dataSource.query('INSERT INTO recording_purges (started_at, cutoff) VALUES (now(), $1) RETURNING id', [cutoff]);
  const result: PurgeResult = { purgeId, cutoff, deleted: 0, held: 0, bytes: 0, errors: 0 };
  const skip: string[] = [];
  for (;;) {
    const batch: { callId: string; file: string; bytes: string }[] = await dataSource.query(EXPIRED, [cutoff, OPEN, skip]);
    if (!batch.length) break;
    const gone: string[] = [];
    await Promise.all(batch.map(async (r) => {
      try {
        await unlink(recordingPath(o.dir, r.file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          skip.push(r.callId);
          result.errors += 1;
          return;
        }
      }
      gone.push(r.callId);
      result.bytes += Number(r.bytes);
    }));
    if (gone.length) {
      await dataSource.query(
        `WITH d AS (UPDATE recordings SET state = 'deleted', deleted_at = now(), purge_id = $2 WHERE call_id = ANY($1) RETURNING call_id)
         INSERT INTO recording_events (call_id, at, action, details) SELECT call_id, now(), 'deleted', json_build_object('purgeId', $2::int) FROM d`,
        [gone, purgeId],
      );
      result.deleted += gone.length;
    }
  }
  const [{ held }] = await dataSource.query(
    `SELECT count(*)::int AS held FROM recordings r WHERE r.state = 'available' AND r.ended_at < $1
        AND EXISTS (SELECT 1 FROM call_requests cr JOIN requests q ON q.id = cr.request_id WHERE cr.call_id = r.call_id AND q.status = ANY($2))`,
    [cutoff, OPEN],
  );
  result.held = held;
  await dataSource.query('UPDATE recording_purges SET finished_at = now(), deleted = $2, held = $3, bytes = $4, errors = $5 WHERE id = $1',
    [purgeId, result.deleted, result.held, result.bytes, result.errors]);
  return result;
}
