import type { DataSource } from 'typeorm';
import { AppError, conflict } from '../http/errors';
import { agentsErlangA, agentsErlangC, DEFAULT_TARGETS, staffWithShrinkage, type Targets } from './agents-needed';
import { forecast, HISTORY_WEEKS, NoHistoryError, type Forecast } from './forecast';
import { addDays, kyivDayOf, kyivMidnight } from './half-hours';
import * as history from './history.repository';
import { occupancy } from './occupancy';
import type { ErlangQuery, ForecastQuery, ManualLoadInput, RotaInput } from './staffing.schemas';

type Sql = Pick<DataSource, 'query'>;

const percent = (x: number) => Math.round(x * 10_000) / 100;
const tenth = (x: number) => Math.round(x * 10) / 10;

/** `GET /api/staffing/erlang`: the fewest agents for the target, and what they achieve, by Erlang C and (given a patience) A. */
export function erlangAnswer(q: ErlangQuery) {
  const targets: Targets = {
    serviceLevelPercent: q.targetPercent,
    serviceLevelSeconds: q.targetSeconds,
    maxAbandonPercent: q.maxAbandonPercent ?? 100,
    maxOccupancyPercent: q.maxOccupancyPercent ?? 100,
  };
  const load = { callsPerHour: q.callsPerHour, ahtSeconds: q.ahtSeconds };
  const c = agentsErlangC(load, targets);
  if (!c.met) throw conflict('target_unreachable', c.reason);
  let erlangA = null;
  if (q.patienceSeconds !== undefined) {
    const a = agentsErlangA(load, targets, q.patienceSeconds);
    if (!a.met) throw conflict('target_unreachable', a.reason);
    erlangA = { agents: a.result.agents, serviceLevel: percent(a.result.serviceLevel), abandonPercent: percent(a.result.abandon), averageWaitSeconds: tenth(a.result.averageWaitSeconds), occupancy: percent(a.result.occupancy) };
  }
  return {
    erlangC: { agents: c.result.agents, serviceLevel: percent(c.result.serviceLevel), averageWaitSeconds: tenth(c.result.averageWaitSeconds), occupancy: percent(c.result.occupancy) },
    erlangA,
  };
}

/** The queue's targets: its service level (seconds and the wallboard's amber percent) and our defaults for the rest. */
async function targetsOf(sql: Sql, queue: string): Promise<Targets> {
  const own = await history.queueTargets(sql, queue);
  return own ? { ...DEFAULT_TARGETS, serviceLevelSeconds: own.seconds, serviceLevelPercent: own.percent } : DEFAULT_TARGETS;
}

/** Reads the history before `asOf` and forecasts `days` days from `from`. */
export async function forecastFromLog(sql: Sql, o: { queue: string; from: string; days: number; asOf: string; targets?: Targets }): Promise<Forecast> {
  const windowStart = kyivMidnight(addDays(o.asOf, -7 * HISTORY_WEEKS));
  const windowEnd = kyivMidnight(o.asOf);
  const forecastFrom = kyivMidnight(o.from);
  const forecastTo = kyivMidnight(addDays(o.from, o.days));
  const [slots, waits, excluded, rota, manual, targets] = await Promise.all([
    history.slotHistory(sql, o.queue, windowStart, windowEnd),
    history.waits(sql, o.queue, windowStart, windowEnd),
    history.exceptionDays(sql),
    history.rota(sql, o.queue, forecastFrom, forecastTo),
    history.manualLoad(sql, o.queue, forecastFrom, forecastTo),
    o.targets ? Promise.resolve(o.targets) : targetsOf(sql, o.queue),
  ]);
  return forecast({ ...o, history: slots, waits, excluded: new Set(excluded.map((e) => e.day)), rota, manual, targets });
}

/** `GET /api/staffing/forecast`: from today (Kyiv) unless asked, 14 days unless asked; past days from the weeks before them. */
export async function forecastAnswer(sql: Sql, q: ForecastQuery, now = new Date()) {
  const today = kyivDayOf(now);
  const from = q.from ?? today;
  const days = q.days ?? 14;
  try {
    const result = await forecastFromLog(sql, { queue: q.queue, from, days, asOf: from < today ? from : today });
    // Unless asked, shrinkage is the team's as measured from its pauses over the last four weeks.
    const measured = q.shrinkagePercent === undefined ? (await occupancy(sql, new Date(now.getTime() - 28 * 86_400_000), now)).team.shrinkagePercent : null;
    const shrinkagePercent = q.shrinkagePercent ?? measured ?? 0;
    return {
      ...result,
      shrinkagePercent,
      shrinkageSource: q.shrinkagePercent !== undefined ? 'given' : measured !== null ? 'measured' : 'none',
      slots: result.slots.map((s) => ({ ...s, staffToSchedule: s.agentsErlangA === null ? null : staffWithShrinkage(s.agentsErlangA, shrinkagePercent) })),
    };
  } catch (error) {
    if (error instanceof NoHistoryError) throw new AppError(404, 'no_history', error.message);
    throw error;
  }
}

export async function saveRota(sql: Sql, input: RotaInput, userId: number): Promise<{ saved: number }> {
  await sql.query(
    `INSERT INTO staffing_rota (queue, starts_at, agents, updated_by, updated_at)
     SELECT $1, s.starts_at, s.agents, $4, now() FROM unnest($2::timestamptz[], $3::int[]) AS s(starts_at, agents)
     ON CONFLICT (queue, starts_at) DO UPDATE SET agents = EXCLUDED.agents, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [input.queue, input.slots.map((s) => new Date(s.start)), input.slots.map((s) => s.agents), userId],
  );
  return { saved: input.slots.length };
}

/** Calls per half hour forecast by hand (a holiday, an exceptional day); they replace the averages there. */
export async function saveManualLoad(sql: Sql, input: ManualLoadInput, userId: number): Promise<{ saved: number }> {
  await sql.query(
    `INSERT INTO staffing_manual_load (queue, starts_at, offered, updated_by, updated_at)
     SELECT $1, s.starts_at, s.offered, $4, now() FROM unnest($2::timestamptz[], $3::numeric[]) AS s(starts_at, offered)
     ON CONFLICT (queue, starts_at) DO UPDATE SET offered = EXCLUDED.offered, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [input.queue, input.slots.map((s) => new Date(s.start)), input.slots.map((s) => s.offered), userId],
  );
  return { saved: input.slots.length };
}

export async function markExceptionDay(sql: Sql, day: string, reason: string, userId: number) {
  await sql.query(
    `INSERT INTO staffing_exception_days (day, reason, created_by) VALUES ($1, $2, $3)
     ON CONFLICT (day) DO UPDATE SET reason = EXCLUDED.reason, created_by = EXCLUDED.created_by, created_at = now()`,
    [day, reason, userId],
  );
  return { day, reason };
}

export async function unmarkExceptionDay(sql: Sql, day: string): Promise<void> {
  await sql.query(`DELETE FROM staffing_exception_days WHERE day = $1`, [day]);
}

export const listExceptionDays = (sql: Sql) => history.exceptionDays(sql);
