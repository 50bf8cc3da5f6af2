import { sameHome } from '../../addresses/normalise';
import type { Sql } from '../../citizens/citizens.repository';
import { WORKING } from '../../requests/transitions';

/** Start of the Kyiv day that contains `$n` (a timestamptz parameter), as SQL. */
export const kyivDayStart = (n: number) => `(date_trunc('day', $${n}::timestamptz AT TIME ZONE 'Europe/Kyiv') AT TIME ZONE 'Europe/Kyiv')`;

/** What is overdue right now: still owed work (registered … returned) and past its due time. */
const OVERDUE = `r.status = ANY($1) AND r.due_at < $2`;

export interface OverdueByExecutor {
  executorId: number | null;
  code: string | null;
  name: string | null;
  nameEn: string | null;
  overdue: number;
  /** Fell overdue today (its term ran out since Kyiv's midnight). */
  today: number;
  /** Overdue by more than a week. */
  overWeek: number;
  maxDays: number;
}

export async function overdueByExecutor(sql: Sql, now: Date): Promise<OverdueByExecutor[]> {
  return sql.query(
    `SELECT e.id AS "executorId", e.code, e.name_uk AS name, e.name_en AS "nameEn", count(*)::int AS overdue,
            count(*) FILTER (WHERE r.due_at >= ${kyivDayStart(2)})::int AS today,
            count(*) FILTER (WHERE r.due_at < $2::timestamptz - interval '7 days')::int AS "overWeek",
            max(ceil(extract(epoch FROM $2::timestamptz - r.due_at) / 86400))::int AS "maxDays"
       FROM requests r LEFT JOIN executors e ON e.id = r.executor_id
      WHERE ${OVERDUE}
      GROUP BY e.id ORDER BY overdue DESC, e.code NULLS FIRST`,
    [WORKING, now],
  );
}

export interface OverdueByDistrict {
  district: string | null;
  name: string | null;
  nameEn: string | null;
  overdue: number;
  today: number;
  executors: number;
}

export async function overdueByDistrict(sql: Sql, now: Date): Promise<OverdueByDistrict[]> {
  return sql.query(
    `SELECT d.code AS district, d.name_uk AS name, d.name_en AS "nameEn", count(*)::int AS overdue,
            count(*) FILTER (WHERE r.due_at >= ${kyivDayStart(2)})::int AS today,
            count(DISTINCT r.executor_id)::int AS executors
       FROM requests r LEFT JOIN districts d ON d.code = r.district_code
      WHERE ${OVERDUE}
      GROUP BY d.code ORDER BY overdue DESC, d.code NULLS LAST`,
    [WORKING, now],
  );
}

export interface OverdueRequest {
  id: number;
  number: string;
  receivedAt: Date;
  dueAt: Date;
  days: number;
  status: string;
  topic: string;
  district: string | null;
  address: string | null;
  reworkCount: number;
}

/**
 * One executor's overdue requests, the latest first: the digest's list (no applicant's personal data). An
 * address that is the applicant's home, marked at registration or compared now however either was typed, is
 * left out.
 */
export async function overdueOf(sql: Sql, executorId: number, now: Date): Promise<OverdueRequest[]> {
  const rows: (OverdueRequest & { home: boolean; citizenAddress: string | null })[] = await sql.query(
    `SELECT r.id, r.number, r.received_at AS "receivedAt", r.due_at AS "dueAt",
            ceil(extract(epoch FROM $2::timestamptz - r.due_at) / 86400)::int AS days, r.status,
            t.name_uk AS topic, r.district_code AS district,
            r.address, r.address_is_home AS home, c.address AS "citizenAddress", r.rework_count AS "reworkCount"
       FROM requests r JOIN topics t ON t.code = r.topic_code LEFT JOIN citizens c ON c.id = r.citizen_id
      WHERE ${OVERDUE} AND r.executor_id = $3
      ORDER BY r.due_at ASC, r.id`,
    [WORKING, now, executorId],
  );
  return rows.map(({ home, citizenAddress, ...r }) => ({ ...r, address: home || sameHome(r.address, citizenAddress) ? null : r.address }));
}

/** Executors that have at least one overdue request now, with their digest address (null = none set). */
export async function lateExecutors(sql: Sql, now: Date): Promise<{ id: number; code: string; name: string; email: string | null; overdue: number }[]> {
  return sql.query(
    `SELECT e.id, e.code, e.name_uk AS name, e.email, count(*)::int AS overdue
       FROM requests r JOIN executors e ON e.id = r.executor_id
      WHERE ${OVERDUE}
      GROUP BY e.id ORDER BY e.code`,
    [WORKING, now],
  );
}
