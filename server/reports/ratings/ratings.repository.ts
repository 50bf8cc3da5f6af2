import type { Sql } from '../../citizens/citizens.repository';
import { WORKING } from '../../requests/transitions';

/**
 * One executor's figures for requests received in the period, as Kyiv 1551 rates them:
 * - on time: completed by the due time, of those that are completed or already past due (open and late count
 *   against it, so an executor who finishes nothing does not escape the rating);
 * - confirmed: the citizen's confirmations of those that were judged (confirmed, or returned for rework);
 * - satisfaction: the citizens' average mark (1–5) at confirmation;
 * - reworks: how many times their work went back for rework.
 */
export interface RatingRow {
  executorId: number;
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  district: string | null;
  requests: number;
  completed: number;
  onTime: number;
  onTimePercent: number | null;
  confirmed: number;
  confirmedPercent: number | null;
  satisfaction: number | null;
  reworks: number;
  overdue: number;
}

export async function executorRatings(sql: Sql, from: string, to: string, now: Date): Promise<RatingRow[]> {
  return sql.query(
    `WITH scope AS (
       SELECT r.* FROM requests r
        WHERE r.executor_id IS NOT NULL
          AND r.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/Kyiv')
          AND r.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Kyiv')),
     figures AS (
       SELECT executor_id, count(*)::int AS requests,
              count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed,
              count(*) FILTER (WHERE completed_at IS NOT NULL AND completed_at <= due_at)::int AS "onTime",
              count(*) FILTER (WHERE completed_at IS NOT NULL OR (status = ANY($3) AND due_at < $4))::int AS judged_time,
              count(*) FILTER (WHERE status = 'closed')::int AS confirmed,
              sum(rework_count)::int AS reworks,
              round(avg(satisfaction)::numeric, 2)::float AS satisfaction,
              count(*) FILTER (WHERE status = ANY($3) AND due_at < $4)::int AS overdue
         FROM scope GROUP BY executor_id)
     SELECT e.id AS "executorId", e.code, e.name_uk AS name, e.name_en AS "nameEn", e.kind, e.district_code AS district,
            f.requests, f.completed, f."onTime",
            CASE WHEN f.judged_time > 0 THEN round(100.0 * f."onTime" / f.judged_time, 1)::float END AS "onTimePercent",
            f.confirmed,
            CASE WHEN f.confirmed + f.reworks > 0 THEN round(100.0 * f.confirmed / (f.confirmed + f.reworks), 1)::float END AS "confirmedPercent",
            f.satisfaction, f.reworks, f.overdue
       FROM figures f JOIN executors e ON e.id = f.executor_id`,
    [from, to, WORKING, now],
  );
}
