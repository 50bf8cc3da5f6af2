import type { DataSource } from 'typeorm';
import type { Wait } from './patience';

/** One queue's calls in one Kyiv day and half hour (`HH:MM` of its wall-clock start). */
export interface SlotHistory {
  day: string;
  label: string;
  offered: number;
  /** Answered calls whose handle time is known, and that time summed (talk + wrap-up, s). */
  handled: number;
  handleSeconds: number;
}

type Sql = Pick<DataSource, 'query'>;

// A wrap-up left open over a break is not handle time: past 15 minutes it is counted as 15.
const HANDLE = `talk_seconds + least(greatest(coalesce(extract(epoch FROM wrapped_up_at - ended_at), 0), 0), 900)`;
const KYIV = `(queued_at AT TIME ZONE 'Europe/Kyiv')`;
const SCOPE = `direction = 'in' AND queue = $1 AND queued_at >= $2 AND queued_at < $3 AND outcome <> 'in_progress'`;

/** Offered calls and handle time by Kyiv day and half hour, from the call log. */
export async function slotHistory(sql: Sql, queue: string, from: Date, to: Date): Promise<SlotHistory[]> {
  const rows: Array<{ day: string; label: string; offered: number; handled: number; handle_seconds: string | null }> = await sql.query(
    `SELECT to_char(${KYIV}, 'YYYY-MM-DD') AS day,
            to_char(${KYIV}, 'HH24') || CASE WHEN extract(minute FROM ${KYIV}) < 30 THEN ':00' ELSE ':30' END AS label,
            count(*)::int AS offered,
            (count(*) FILTER (WHERE answered_at IS NOT NULL AND talk_seconds IS NOT NULL))::int AS handled,
            sum(${HANDLE}) FILTER (WHERE answered_at IS NOT NULL AND talk_seconds IS NOT NULL) AS handle_seconds
       FROM calls WHERE ${SCOPE} GROUP BY 1, 2`,
    [queue, from, to],
  );
  return rows.map((r) => ({ day: r.day, label: r.label, offered: r.offered, handled: r.handled, handleSeconds: Number(r.handle_seconds ?? 0) }));
}

/** Every finished caller's wait, grouped by whole second: hang-ups are patience, answers censor it. */
export async function waits(sql: Sql, queue: string, from: Date, to: Date): Promise<Wait[]> {
  const rows: Array<{ seconds: number; abandoned: boolean; count: number }> = await sql.query(
    `SELECT greatest(round(extract(epoch FROM coalesce(answered_at, ended_at) - queued_at)), 0)::int AS seconds,
            answered_at IS NULL AS abandoned, count(*)::int AS count
       FROM calls WHERE ${SCOPE} AND (answered_at IS NOT NULL OR outcome = 'abandoned') AND coalesce(answered_at, ended_at) IS NOT NULL
      GROUP BY 1, 2`,
    [queue, from, to],
  );
  return rows;
}

/** Handle times (s) of answered calls, for the simulator to draw from. */
export async function handleTimes(sql: Sql, queue: string, from: Date, to: Date): Promise<number[]> {
  const rows: Array<{ seconds: number }> = await sql.query(
    `SELECT round(${HANDLE})::int AS seconds FROM calls WHERE ${SCOPE} AND answered_at IS NOT NULL AND talk_seconds IS NOT NULL`,
    [queue, from, to],
  );
  return rows.map((r) => r.seconds);
}

export async function exceptionDays(sql: Sql): Promise<Array<{ day: string; reason: string }>> {
  return sql.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, reason FROM staffing_exception_days ORDER BY day`);
}

/** Agents the rota has for the queue, by half-hour start (ms). */
export async function rota(sql: Sql, queue: string, from: Date, to: Date): Promise<Map<number, number>> {
  const rows: Array<{ starts_at: Date; agents: number }> = await sql.query(
    `SELECT starts_at, agents FROM staffing_rota WHERE queue = $1 AND starts_at >= $2 AND starts_at < $3`,
    [queue, from, to],
  );
  return new Map(rows.map((r) => [new Date(r.starts_at).getTime(), r.agents]));
}

/** Calls forecast by hand (a holiday, an exceptional day), by half-hour start (ms). */
export async function manualLoad(sql: Sql, queue: string, from: Date, to: Date): Promise<Map<number, number>> {
  const rows: Array<{ starts_at: Date; offered: string }> = await sql.query(
    `SELECT starts_at, offered FROM staffing_manual_load WHERE queue = $1 AND starts_at >= $2 AND starts_at < $3`,
    [queue, from, to],
  );
  return new Map(rows.map((r) => [new Date(r.starts_at).getTime(), Number(r.offered)]));
}

export async function queueTargets(sql: Sql, queue: string): Promise<{ seconds: number; percent: number } | null> {
  const rows: Array<{ service_level_seconds: number; thresholds: Record<string, number> }> = await sql.query(
    `SELECT service_level_seconds, thresholds FROM queue_settings WHERE queue = $1`,
    [queue],
  );
  const row = rows[0];
  return row ? { seconds: row.service_level_seconds, percent: row.thresholds.serviceLevelAmber ?? 80 } : null;
}
