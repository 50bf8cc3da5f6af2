import type { Sql } from '../../citizens/citizens.repository';

export type DigestKind = 'executor' | 'ranking';

export interface DigestRunInput {
  kind: DigestKind;
  week: string;
  executorId: number | null;
  recipients: string[];
  items: number;
  status: 'sent' | 'failed';
  error: string | null;
  attempt: number;
}

export async function recordRun(sql: Sql, r: DigestRunInput): Promise<void> {
  await sql.query(
    `INSERT INTO digest_runs (kind, week, executor_id, recipients, items, status, error, attempt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.kind, r.week, r.executorId, r.recipients, r.items, r.status, r.error, r.attempt],
  );
}

/** The last word on each digest of the recent weeks: sent, or failed (and retried) with the error. */
export async function latestRuns(sql: Sql, weeks: number) {
  return sql.query(
    `SELECT DISTINCT ON (d.week, d.kind, d.executor_id)
            to_char(d.week, 'YYYY-MM-DD') AS week, d.kind, d.executor_id AS "executorId", e.code AS "executorCode", e.name_uk AS "executorName",
            d.recipients, d.items, d.status, d.error, d.attempt, d.at,
            (SELECT count(*)::int FROM digest_runs x WHERE x.week = d.week AND x.kind = d.kind
                AND x.executor_id IS NOT DISTINCT FROM d.executor_id) AS tries
       FROM digest_runs d LEFT JOIN executors e ON e.id = d.executor_id
      WHERE d.week > current_date - $1::int * 7
      ORDER BY d.week DESC, d.kind, d.executor_id, d.at DESC, d.id DESC`,
    [weeks],
  );
}

export async function executorById(sql: Sql, id: number): Promise<{ id: number; code: string; name: string; email: string | null } | null> {
  const [row] = await sql.query('SELECT id, code, name_uk AS name, email FROM executors WHERE id = $1', [id]);
  return row ?? null;
}

export async function setExecutorEmail(sql: Sql, id: number, email: string | null): Promise<boolean> {
  const rows: unknown[] = await sql.query('UPDATE executors SET email = $2 WHERE id = $1 RETURNING id', [id, email]);
  return (Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows).length > 0;
}
