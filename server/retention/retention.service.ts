import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Sql } from '../citizens/citizens.repository';
import { AppError } from '../http/errors';
import { anonymiseCitizen } from '../privacy/anonymise';
import {
  deleteExpiredRows, expiredCitizens, finishRun, readRun, recordCitizen, startRun, takeCutoffs, unfinishedRun, type RunRow,
} from './retention.repository';

/** Held for the whole of a run on its own connection: one run at a time, whatever the nodes; a dead holder frees it. */
const RETENTION_LOCK = 0x4843_0021;
const BATCH = 200;

export interface RetentionRunOptions {
  trigger: 'schedule' | 'manual' | 'cli';
  node?: string | null;
  /** Told after each citizen (the CLI prints progress). */
  onCitizen?: (citizenId: number, outcome: 'anonymised' | 'held') => void;
}

export type RetentionOutcome = { ran: RunRow } | { busy: true };

/**
 * One retention run: every citizen whose data has all expired is anonymised through the one anonymiser, each
 * in its own transaction with its line in the run's record; a citizen under a legal hold is skipped and the
 * hold recorded. Then sessions, login failures and old audit lines are deleted. A run that died halfway (its
 * row still `running`, its lock gone with its connection) is finished by the next one, with its own cut-offs.
 */
export async function runRetention(dataSource: DataSource, audit: AuditService, o: RetentionRunOptions): Promise<RetentionOutcome> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    const [{ got }] = await lock.query('SELECT pg_try_advisory_lock($1) AS got', [RETENTION_LOCK]);
    if (!got) return { busy: true };
    try {
      // The scans and deletes over millions of rows run here, past the pool's 15 s statement limit.
      await lock.query('SET statement_timeout = 0');
      return { ran: await runLocked(dataSource, lock, audit, o) };
    } finally {
      await lock.query('RESET statement_timeout').catch(() => undefined);
      await lock.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK]).catch(() => undefined);
    }
  } finally {
    await lock.release();
  }
}

/** `scan`: the run's own connection, for the long reads and deletes; each citizen is anonymised on the pool. */
async function runLocked(dataSource: DataSource, scan: Sql, audit: AuditService, o: RetentionRunOptions): Promise<RunRow> {
  const left = await unfinishedRun(dataSource);
  const run = left ?? (await startRun(dataSource, o.trigger, o.node ?? null, await takeCutoffs(dataSource)));
  if (left) await dataSource.query('UPDATE retention_runs SET resumed = resumed + 1 WHERE id = $1', [run.id]);
  try {
    await anonymiseExpired(dataSource, scan, audit, run, o);
    await finishRun(dataSource, run.id, { status: 'done', deleted: await deleteExpiredRows(scan, run.cutoffs) });
  } catch (e) {
    await finishRun(dataSource, run.id, { status: 'failed', error: (e as Error).message }).catch(() => undefined);
    throw e;
  }
  return (await readRun(dataSource, run.id))!;
}

async function anonymiseExpired(dataSource: DataSource, scan: Sql, audit: AuditService, run: RunRow, o: RetentionRunOptions): Promise<void> {
  let after = 0;
  for (;;) {
    const ids = await expiredCitizens(scan, run.id, run.cutoffs, after, BATCH);
    if (!ids.length) return;
    for (const citizenId of ids) {
      const outcome = await anonymiseOne(dataSource, audit, run.id, citizenId);
      if (outcome) o.onCitizen?.(citizenId, outcome);
    }
    after = ids[ids.length - 1];
  }
}

async function anonymiseOne(dataSource: DataSource, audit: AuditService, runId: number, citizenId: number): Promise<'anonymised' | 'held' | null> {
  try {
    await anonymiseCitizen(dataSource, audit, {
      citizenId, actorId: null, reason: `retention period expired (run ${runId})`,
      alongside: (sql, done) => recordCitizen(sql, runId, citizenId, 'anonymised', { changed: done.changed }),
    });
    return 'anonymised';
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (e.code === 'not_found') return null; // removed since it was listed
    if (e.code !== 'legal_hold') throw e;
    await recordCitizen(dataSource, runId, citizenId, 'held', { reason: e.message, holds: e.fields ?? {} });
    return 'held';
  }
}
