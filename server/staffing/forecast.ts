import { agentsErlangA, agentsErlangC, type Targets } from './agents-needed';
import { addDays, halfHoursOf, weekday } from './half-hours';
import type { SlotHistory } from './history.repository';
import { isPublicHoliday } from './holidays';
import { kaplanMeier, type PatienceCurve, type Wait } from './patience';

/** How far back the averages look, and how fast older weeks fade (exponentially weighted, newest first). */
export const HISTORY_WEEKS = 12;
const SMOOTHING = 0.3;
/** Fewer answered calls than this in a half hour, and its handle time is the queue's; fewer in the queue, a default. */
export const MIN_CALLS = 30;
export const DEFAULT_AHT_SECONDS = 180;
/** Fewer hang-ups than this and the patience curve says too little: a default, with a note. */
export const MIN_ABANDONED = 20;
export const DEFAULT_PATIENCE_SECONDS = 120;

export interface ForecastSlot {
  start: string;
  label: string;
  offered: number;
  ahtSeconds: number;
  patienceSeconds: number;
  /** Null when no number of agents meets the targets (a note says why). */
  agentsErlangC: number | null;
  agentsErlangA: number | null;
  /** From the rota, when one was entered. */
  staffed: number | null;
  /** `manual` when a supervisor forecast this half hour's calls by hand. */
  source: 'history' | 'manual';
}

export interface ForecastInput {
  queue: string;
  from: string;
  days: number;
  /** History is read from the 12 weeks before this day (the backtest moves it back). */
  asOf: string;
  history: SlotHistory[];
  waits: Wait[];
  excluded: Set<string>;
  targets: Targets;
  rota: Map<number, number>;
  /** Calls forecast by hand, by half-hour start (ms): they replace the averages. */
  manual: Map<number, number>;
}

export interface Forecast {
  queue: string;
  from: string;
  days: number;
  targets: Targets;
  basis: { from: string; to: string; daysUsed: number; daysLeftOut: string[] };
  patience: { meanSeconds: number; abandoned: number; observed: number };
  notes: string[];
  /** The notes as codes with their figures, in the same order: the console words them in its language. */
  noteReasons: NoteReason[];
  slots: ForecastSlot[];
}

export type NoteReason = { code: 'aht_fallback' | 'aht_by_half_hour' | 'patience_fallback' | 'no_weekday' | 'holiday' | 'unreachable' }
  & Record<string, string | number>;

/** Each note twice: English for the command line and integrators, a reason for the console. */
class Notes {
  readonly texts: string[] = [];
  readonly reasons: NoteReason[] = [];
  add(reason: NoteReason, text: string): void {
    if (this.texts.includes(text)) return;
    this.texts.push(text);
    this.reasons.push(reason);
  }
}

export class NoHistoryError extends Error {}

/** The days of the window that may be averaged: not a public holiday, not marked exceptional, not before the queue's first call. */
function usableDays(input: ForecastInput, firstDay: string): { used: string[]; leftOut: string[] } {
  const used: string[] = [];
  const leftOut: string[] = [];
  for (let day = addDays(input.asOf, -7 * HISTORY_WEEKS); day < input.asOf; day = addDays(day, 1)) {
    if (day < firstDay) continue;
    if (isPublicHoliday(day) || input.excluded.has(day)) leftOut.push(day);
    else used.push(day);
  }
  return { used, leftOut };
}

/** Exponentially weighted mean of the same weekday's counts, newest first: a seasonal average that follows a trend. */
function weighted(values: number[]): number {
  let sum = 0;
  let weights = 0;
  values.forEach((v, i) => {
    const w = SMOOTHING * (1 - SMOOTHING) ** i;
    sum += w * v;
    weights += w;
  });
  return weights > 0 ? sum / weights : 0;
}

function handleTimeByLabel(history: SlotHistory[], used: Set<string>, notes: Notes): (label: string) => number {
  const byLabel = new Map<string, { n: number; s: number }>();
  let all = { n: 0, s: 0 };
  for (const row of history) {
    if (!used.has(row.day)) continue;
    const acc = byLabel.get(row.label) ?? { n: 0, s: 0 };
    acc.n += row.handled;
    acc.s += row.handleSeconds;
    byLabel.set(row.label, acc);
    all = { n: all.n + row.handled, s: all.s + row.handleSeconds };
  }
  const queueWide = all.n >= MIN_CALLS ? all.s / all.n : null;
  if (queueWide === null) notes.add({ code: 'aht_fallback', calls: all.n, min: MIN_CALLS, seconds: DEFAULT_AHT_SECONDS }, `Handle time: only ${all.n} answered calls in the history (fewer than ${MIN_CALLS}); ${DEFAULT_AHT_SECONDS} s assumed.`);
  let fellBack = false;
  const aht = (label: string) => {
    const own = byLabel.get(label);
    if (own && own.n >= MIN_CALLS) return own.s / own.n;
    fellBack = true;
    return queueWide ?? DEFAULT_AHT_SECONDS;
  };
  return (label) => {
    const value = aht(label);
    if (fellBack && queueWide !== null) {
      notes.add({ code: 'aht_by_half_hour', min: MIN_CALLS, seconds: Math.round(queueWide) }, `Handle time by half hour: where a half hour had fewer than ${MIN_CALLS} answered calls, the queue's average (${Math.round(queueWide)} s) is used.`);
    }
    return value;
  };
}

function patienceOf(waits: Wait[], notes: Notes): { curve: PatienceCurve; seconds: number } {
  const curve = kaplanMeier(waits);
  if (curve.abandoned >= MIN_ABANDONED && Number.isFinite(curve.meanSeconds)) return { curve, seconds: curve.meanSeconds };
  notes.add({ code: 'patience_fallback', abandoned: curve.abandoned, min: MIN_ABANDONED, seconds: DEFAULT_PATIENCE_SECONDS }, `Patience: only ${curve.abandoned} callers hung up in the history (fewer than ${MIN_ABANDONED}); ${DEFAULT_PATIENCE_SECONDS} s assumed.`);
  return { curve, seconds: DEFAULT_PATIENCE_SECONDS };
}

/** The load forecast and the agents it needs, per Kyiv half hour of `days` days from `from`. */
export function forecast(input: ForecastInput): Forecast {
  if (input.history.length === 0) throw new NoHistoryError(`Queue ${input.queue} has no calls in the ${HISTORY_WEEKS} weeks before ${input.asOf}: there is nothing to forecast from.`);
  const notes = new Notes();
  const firstDay = input.history.reduce((min, r) => (r.day < min ? r.day : min), input.history[0].day);
  const { used, leftOut } = usableDays(input, firstDay);
  const usedSet = new Set(used);
  const counts = new Map<string, number>();
  for (const row of input.history) counts.set(`${row.day} ${row.label}`, (counts.get(`${row.day} ${row.label}`) ?? 0) + row.offered);
  const aht = handleTimeByLabel(input.history, usedSet, notes);
  const patience = patienceOf(input.waits, notes);
  const staffing = memoStaffing(input.targets, patience.seconds, notes);
  const slots: ForecastSlot[] = [];
  for (let i = 0; i < input.days; i++) {
    const day = addDays(input.from, i);
    const sameWeekday = used.filter((d) => weekday(d) === weekday(day)).reverse();
    if (sameWeekday.length === 0) notes.add({ code: 'no_weekday', day }, `${day}: no usable ${weekdayName(day)} in the history; forecast as 0 calls.`);
    if (isPublicHoliday(day) || input.excluded.has(day)) notes.add({ code: 'holiday', day }, `${day} is a holiday or marked exceptional: forecast as an ordinary ${weekdayName(day)} unless entered by hand.`);
    for (const slot of halfHoursOf(day)) {
      const byHand = input.manual.get(slot.start.getTime());
      const offered = byHand ?? weighted(sameWeekday.map((d) => counts.get(`${d} ${slot.label}`) ?? 0));
      const ahtSeconds = aht(slot.label);
      const agents = staffing(offered, ahtSeconds);
      slots.push({
        start: slot.start.toISOString(),
        label: slot.label,
        offered: Math.round(offered * 10) / 10,
        ahtSeconds: Math.round(ahtSeconds),
        patienceSeconds: Math.round(patience.seconds),
        agentsErlangC: agents.c,
        agentsErlangA: agents.a,
        staffed: input.rota.get(slot.start.getTime()) ?? null,
        source: byHand === undefined ? 'history' : 'manual',
      });
    }
  }
  return {
    queue: input.queue,
    from: input.from,
    days: input.days,
    targets: input.targets,
    basis: { from: addDays(input.asOf, -7 * HISTORY_WEEKS), to: addDays(input.asOf, -1), daysUsed: used.length, daysLeftOut: leftOut },
    patience: { meanSeconds: Math.round(patience.seconds), abandoned: patience.curve.abandoned, observed: patience.curve.observed },
    notes: notes.texts,
    noteReasons: notes.reasons,
    slots,
  };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const weekdayName = (day: string) => WEEKDAYS[weekday(day)];

/** Agents per (calls, handle time): many half hours share them, and the search is the costly part. */
function memoStaffing(targets: Targets, patienceSeconds: number, notes: Notes) {
  const memo = new Map<string, { c: number | null; a: number | null }>();
  return (offeredPerHalfHour: number, ahtSeconds: number) => {
    const load = { callsPerHour: Math.round(offeredPerHalfHour * 20) / 10, ahtSeconds: Math.round(ahtSeconds) };
    const key = `${load.callsPerHour}/${load.ahtSeconds}`;
    const known = memo.get(key);
    if (known) return known;
    const c = agentsErlangC(load, targets);
    const a = agentsErlangA(load, targets, patienceSeconds);
    for (const s of [c, a]) {
      if (!s.met) notes.add({ code: 'unreachable', agents: Number(/up to (\d+)/.exec(s.reason)?.[1] ?? 0), percent: targets.serviceLevelPercent, seconds: targets.serviceLevelSeconds, abandon: targets.maxAbandonPercent, occupancy: targets.maxOccupancyPercent }, s.reason);
    }
    const result = { c: c.met ? c.result.agents : null, a: a.met ? a.result.agents : null };
    memo.set(key, result);
    return result;
  };
}
