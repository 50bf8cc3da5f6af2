import type { Sql } from '../citizens/citizens.repository';
import { OPEN } from '../requests/transitions';

export interface RetentionSetting {
  kind: string;
  /** PostgreSQL's words for the period (`5 years`, `90 days`). */
  keep: string;
  keepDays: number;
  countedFrom: string;
  basis: string;
  updatedAt: string;
}

/** The moments before which each kind has expired, taken once when a run starts. */
export interface Cutoffs {
  requests: string;
  calls: string;
  sessions: string;
  loginFailures: string;
  /** The longest period of any kind (the audit log's own, or longer): what it audits is gone before it is. */
  auditLog: string;
}

export interface RunRow {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'failed';
  trigger: string;
  node: string | null;
  cutoffs: Cutoffs;
  anonymised: number;
  held: number;
  deleted: Record<string, number>;
  resumed: number;
  error: string | null;
}

const RUN_COLUMNS = `id, started_at AS "startedAt", finished_at AS "finishedAt", status, trigger, node, cutoffs, anonymised, held, deleted, resumed, error`;
const iso = (d: Date | null) => d && d.toISOString();
const runRow = (r: RunRow & { startedAt: Date | string; finishedAt: Date | string | null }): RunRow => ({
  ...r, startedAt: iso(r.startedAt as Date)!, finishedAt: iso(r.finishedAt as Date | null),
});

export async function readSettings(sql: Sql): Promise<RetentionSetting[]> {
  const rows = await sql.query(`SELECT kind, keep::text AS keep, extract(epoch FROM keep)::float8 / 86400 AS "keepDays", counted_from AS "countedFrom", basis, updated_at AS "updatedAt"
                                  FROM retention_settings ORDER BY keep DESC, kind`);
  return rows.map((r: RetentionSetting & { updatedAt: Date }) => ({ ...r, keepDays: Math.round(r.keepDays), updatedAt: r.updatedAt.toISOString() }));
}

export async function takeCutoffs(sql: Sql): Promise<Cutoffs> {
  const [c] = await sql.query(`
    SELECT max(now() - keep) FILTER (WHERE kind = 'requests') AS requests, max(now() - keep) FILTER (WHERE kind = 'calls') AS calls,
           max(now() - keep) FILTER (WHERE kind = 'sessions') AS sessions, max(now() - keep) FILTER (WHERE kind = 'login_failures') AS "loginFailures",
           now() - max(keep) AS "auditLog"
      FROM retention_settings`);
  const missing = Object.entries(c).filter(([, v]) => v == null).map(([k]) => k);
  if (missing.length) throw new Error(`retention_settings has no period for ${missing.join(', ')}`);
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, (v as Date).toISOString()])) as unknown as Cutoffs;
}

export async function unfinishedRun(sql: Sql): Promise<RunRow | null> {
  const [r] = await sql.query(`SELECT ${RUN_COLUMNS} FROM retention_runs WHERE finished_at IS NULL ORDER BY id LIMIT 1`);
  return r ? runRow(r) : null;
}

export async function readRun(sql: Sql, id: number): Promise<RunRow | null> {
  const [r] = await sql.query(`SELECT ${RUN_COLUMNS} FROM retention_runs WHERE id = $1`, [id]);
  return r ? runRow(r) : null;
}

export async function startRun(sql: Sql, trigger: string, node: string | null, cutoffs: Cutoffs): Promise<RunRow> {
  const [r] = await sql.query(`INSERT INTO retention_runs (trigger, node, cutoffs) VALUES ($1, $2, $3) RETURNING ${RUN_COLUMNS}`, [trigger, node, cutoffs]);
  return runRow(r);
}

export async function lastRuns(sql: Sql, limit: number): Promise<RunRow[]> {
  return (await sql.query(`SELECT ${RUN_COLUMNS} FROM retention_runs ORDER BY id DESC LIMIT $1`, [limit])).map(runRow);
}

/**
 * Citizens all of whose data has expired and who still have something personal: every request closed before
 * the requests' cut-off (an open one counts from its receipt: an appeal open for longer than the whole period
 * is reported as a hold, not kept silently), every call before the calls' cut-off, and not yet seen by this run.
 * A card with neither is judged by its own age against the calls' period.
 */
export async function expiredCitizens(sql: Sql, runId: number, c: Cutoffs, afterId: number, limit: number): Promise<number[]> {
  const rows: { id: number }[] = await sql.query(`
    SELECT c.id FROM citizens c
     WHERE c.id > $1
       AND (c.full_name IS NOT NULL OR EXISTS (SELECT 1 FROM citizen_phones p WHERE p.citizen_id = c.id)
            OR EXISTS (SELECT 1 FROM citizen_emails m WHERE m.citizen_id = c.id))
       AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.citizen_id = c.id
                         AND CASE WHEN r.status = ANY($2::text[]) THEN r.received_at ELSE coalesce(r.closed_at, r.updated_at) END >= $3)
       AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.citizen_id = c.id AND coalesce(k.ended_at, k.answered_at, k.queued_at, k.offered_at) >= $4)
       AND (c.created_at < $4 OR EXISTS (SELECT 1 FROM requests r WHERE r.citizen_id = c.id) OR EXISTS (SELECT 1 FROM calls k WHERE k.citizen_id = c.id))
       AND NOT EXISTS (SELECT 1 FROM retention_run_citizens x WHERE x.run_id = $5 AND x.citizen_id = c.id)
     ORDER BY c.id LIMIT $6`, [afterId, OPEN, c.requests, c.calls, runId, limit]);
  return rows.map((r) => r.id);
}

/** One citizen's outcome and the run's counter, together (in the anonymisation's transaction when there is one). */
export async function recordCitizen(sql: Sql, runId: number, citizenId: number, outcome: 'anonymised' | 'held', detail: unknown): Promise<void> {
  await sql.query('INSERT INTO retention_run_citizens (run_id, citizen_id, outcome, detail) VALUES ($1, $2, $3, $4)', [runId, citizenId, outcome, detail]);
  await sql.query(`UPDATE retention_runs SET ${outcome} = ${outcome} + 1 WHERE id = $1`, [runId]);
}

const deleted = async (sql: Sql, statement: string, cutoff: string): Promise<number> =>
  (await sql.query(`WITH gone AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM gone`, [cutoff]))[0].n;

/** Sessions and login failures past their 90 days; audit lines older than the longest period of all. */
export async function deleteExpiredRows(sql: Sql, c: Cutoffs): Promise<Record<string, number>> {
  return {
    sessions: await deleted(sql, 'DELETE FROM sessions WHERE created_at < $1', c.sessions),
    loginFailures: await deleted(sql, 'DELETE FROM login_failures WHERE last_failed_at < $1', c.loginFailures),
    auditLog: await deleted(sql, 'DELETE FROM audit_log WHERE at < $1', c.auditLog),
  };
}

export async function finishRun(sql: Sql, runId: number, o: { status: 'done' | 'failed'; deleted?: Record<string, number>; error?: string }): Promise<void> {
  await sql.query(`UPDATE retention_runs SET status = $2, finished_at = now(), deleted = coalesce($3, deleted), error = $4 WHERE id = $1`,
    [runId, o.status, o.deleted ?? null, o.error ?? null]);
}
