import type { Sql } from '../citizens/citizens.repository';
import { ourFigures, SHORT_ABANDON_SECONDS } from './day-figures';
import { kyivDayBounds } from './kyiv-day';
import { readDayCalls, readQueueSettings, type DayCall } from './live.repository';
import { DEFAULT_SERVICE_LEVEL_SECONDS } from './live.schemas';

const HALF_HOUR_MS = 30 * 60_000;

export interface HalfHour {
  /** When the half hour starts (ISO); Kyiv's offsets are whole hours, so these are Kyiv's :00 and :30. */
  start: string;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinServiceLevel: number;
  /** The headline definition over the callers who reached the queue in this half hour; null with none. */
  serviceLevel: number | null;
  /** The same over the day so far, up to the end of this half hour: the headline as it stood then. */
  serviceLevelSoFar: number | null;
}

export interface DaySeries {
  day: string;
  queue: string;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  halfHours: HalfHour[];
}

/** The day's calls of one queue cut into half hours by when each caller reached the queue (23, 24 or 25 h). */
export function halfHourSeries(calls: DayCall[], bounds: { start: Date; end: Date }, serviceLevelSeconds: number): HalfHour[] {
  const slots: DayCall[][] = [];
  for (let at = bounds.start.getTime(); at < bounds.end.getTime(); at += HALF_HOUR_MS) slots.push([]);
  for (const call of calls) {
    const index = Math.floor((call.queuedAt - bounds.start.getTime()) / HALF_HOUR_MS);
    if (index >= 0 && index < slots.length) slots[index].push(call);
  }
  const soFar: DayCall[] = [];
  return slots.map((slot, i) => {
    soFar.push(...slot);
    const f = ourFigures(slot, serviceLevelSeconds);
    return {
      start: new Date(bounds.start.getTime() + i * HALF_HOUR_MS).toISOString(),
      offered: f.offered,
      answered: f.answered,
      abandoned: f.abandoned,
      shortAbandoned: f.shortAbandoned ?? 0,
      answeredWithinServiceLevel: f.answeredWithinServiceLevel ?? 0,
      serviceLevel: f.serviceLevel,
      serviceLevelSoFar: ourFigures(soFar, serviceLevelSeconds).serviceLevel,
    };
  });
}

/** One queue's Kyiv day from the call log, with the queue's own threshold: what the live page and wallboard chart. */
export async function readDaySeries(sql: Sql, queue: string, day: string): Promise<DaySeries> {
  const [calls, settings] = await Promise.all([readDayCalls(sql, day), readQueueSettings(sql)]);
  const serviceLevelSeconds = settings.find((s) => s.queue === queue)?.serviceLevelSeconds ?? DEFAULT_SERVICE_LEVEL_SECONDS;
  const mine = calls.filter((c) => c.queue === queue);
  return { day, queue, serviceLevelSeconds, shortAbandonSeconds: SHORT_ABANDON_SECONDS, halfHours: halfHourSeries(mine, kyivDayBounds(day), serviceLevelSeconds) };
}
