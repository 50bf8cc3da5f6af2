import type { DataSource } from 'typeorm';
import { seededRandom } from '../../telephony/simulator/generator';
import { addDays, halfHoursOf, kyivDayOf, weekday } from './half-hours';

/**
 * Call history shaped like a city hotline, for the demo and the tests: Monday mornings peak, Sundays are quiet,
 * nights almost silent, a slow upward trend. Callers wait an exponential time whose mean grows with the load and
 * hang up after an exponential patience, so the log holds both hang-ups and censored waits, as a real one does.
 */
export interface HistoryShape {
  queue: string;
  /** First and last Kyiv day (both included). */
  from: string;
  to: string;
  /** Mean calls in the busiest half hour of an ordinary Monday. */
  peakPerHalfHour: number;
  patienceSeconds: number;
  talkSeconds: number;
  wrapUpSeconds: number;
  seed: number;
}

// Kyiv hour → share of the day's peak.
const HOURLY = [0.03, 0.02, 0.02, 0.02, 0.02, 0.04, 0.1, 0.3, 0.65, 0.95, 1, 0.95, 0.8, 0.8, 0.85, 0.8, 0.7, 0.55, 0.35, 0.25, 0.2, 0.12, 0.08, 0.05];
// Sunday … Saturday.
const DAILY = [0.3, 1, 0.85, 0.8, 0.8, 0.75, 0.45];

/** Mean calls the shape puts in a half hour (before the Poisson draw). */
export function expectedCalls(shape: Pick<HistoryShape, 'peakPerHalfHour' | 'from'>, day: string, label: string): number {
  const hour = Number(label.slice(0, 2));
  const mondayMorning = weekday(day) === 1 && hour >= 8 && hour < 12 ? 1.25 : 1;
  const weeks = (Date.parse(day) - Date.parse(shape.from)) / (7 * 86_400_000);
  return shape.peakPerHalfHour * HOURLY[hour] * DAILY[weekday(day)] * mondayMorning * (1 + 0.005 * weeks);
}

function poisson(mean: number, random: () => number): number {
  // Knuth's method for small means; a rounded normal beyond, where it is indistinguishable.
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k += 1;
  return k;
}

const exponential = (mean: number, random: () => number) => -Math.log(1 - random()) * mean;

export interface HistoryRow {
  id: string;
  queuedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  talkSeconds: number | null;
  wrappedUpAt: Date | null;
}

export function generateHistory(shape: HistoryShape): HistoryRow[] {
  const random = seededRandom(shape.seed);
  const rows: HistoryRow[] = [];
  for (let day = shape.from; day <= shape.to; day = addDays(day, 1)) {
    for (const slot of halfHoursOf(day)) {
      const mean = expectedCalls(shape, day, slot.label);
      const count = poisson(mean, random);
      // Waits grow with the load, as in a queue staffed a little short at the peaks.
      const meanWait = 8 + 30 * (mean / shape.peakPerHalfHour) ** 2;
      for (let i = 0; i < count; i++) {
        const queuedAt = slot.start.getTime() + Math.floor(random() * 1_800_000);
        const wait = exponential(meanWait, random);
        const patience = exponential(shape.patienceSeconds, random);
        const id = `hist-${shape.queue}-${rows.length}-${shape.seed}`;
        if (patience < wait) {
          rows.push({ id, queuedAt: new Date(queuedAt), answeredAt: null, endedAt: new Date(queuedAt + patience * 1000), talkSeconds: null, wrappedUpAt: null });
          continue;
        }
        const talk = Math.round(10 + exponential(shape.talkSeconds - 10, random));
        const answeredAt = queuedAt + wait * 1000;
        const endedAt = answeredAt + talk * 1000;
        const wrap = Math.round(exponential(shape.wrapUpSeconds, random));
        rows.push({ id, queuedAt: new Date(queuedAt), answeredAt: new Date(answeredAt), endedAt: new Date(endedAt), talkSeconds: talk, wrappedUpAt: new Date(endedAt + wrap * 1000) });
      }
    }
  }
  return rows;
}

/** Writes the generated calls into the call log, 5,000 at a time; returns how many. */
export async function insertHistory(sql: Pick<DataSource, 'query'>, shape: HistoryShape): Promise<number> {
  const rows = generateHistory(shape);
  for (let i = 0; i < rows.length; i += 5000) {
    const batch = rows.slice(i, i + 5000);
    await sql.query(
      `INSERT INTO calls (id, queue, direction, queued_at, offered_at, answered_at, ended_at, hold_seconds, talk_seconds, outcome, hangup_by, wrapped_up_at)
       SELECT id, $1, 'in', q, q, a, e, round(extract(epoch FROM coalesce(a, e) - q))::int, t,
              CASE WHEN a IS NULL THEN 'abandoned' ELSE 'answered' END, 'caller', w
         FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::timestamptz[]) AS r(id, q, a, e, t, w)
       ON CONFLICT (id) DO NOTHING`,
      [shape.queue, batch.map((r) => r.id), batch.map((r) => r.queuedAt), batch.map((r) => r.answeredAt), batch.map((r) => r.endedAt), batch.map((r) => r.talkSeconds), batch.map((r) => r.wrappedUpAt)],
    );
  }
  return rows.length;
}

/**
 * The demo's history up to yesterday: the city `hotline` (the staffing commands' default) and the simulator's
 * `support` queue, so the forecast page and the wallboard's "agents needed now" mean something after `npm start`.
 */
export async function seedStaffingHistory(sql: Pick<DataSource, 'query'>, weeks: number, today = kyivDayOf(new Date())): Promise<number> {
  const from = addDays(today, -7 * weeks);
  const to = addDays(today, -1);
  const common = { from, to, patienceSeconds: 100, talkSeconds: 150, wrapUpSeconds: 30 };
  return (await insertHistory(sql, { ...common, queue: 'hotline', peakPerHalfHour: 60, seed: 2026 }))
    + (await insertHistory(sql, { ...common, queue: 'support', peakPerHalfHour: 30, talkSeconds: 75, wrapUpSeconds: 20, seed: 1545 }));
}
