import type { DataSource } from 'typeorm';
import { replayStaffing, type ReplayFigures } from '../../telephony/simulator/staffing-replay';
import { forecastFromLog } from './staffing.service';
import { HALF_HOUR_MS, addDays, kyivMidnight } from './half-hours';
import { HISTORY_WEEKS, MIN_ABANDONED, MIN_CALLS, type Forecast } from './forecast';
import * as history from './history.repository';
import { drawPatience, kaplanMeier } from './patience';
import { erlangA, erlangC } from './erlang';

type Sql = Pick<DataSource, 'query'>;

/** Half hours with fewer forecast calls than this are shown, but a service level of 2 calls says nothing. */
export const BUSY_CALLS = 5;

export interface VerifyOptions {
  queue: string;
  day: string;
  runs: number;
  seed: number;
}

export interface ModelOutcome {
  agentHours: number;
  serviceLevel: number;
  abandonPercent: number;
  /** Busy half hours whose achieved service level is at or above the target. */
  busySlotsMeetingTarget: number;
  /** Mean of |achieved − target| over busy half hours, in percentage points. */
  meanDeviationPoints: number;
  /** Over busy half hours, achieved − what the model predicted for its own staffing: mean, and mean of |…|, points. */
  meanBeyondPredictionPoints: number;
  meanAbsBeyondPredictionPoints: number;
}

export interface VerifyCell {
  agents: number;
  /** Service level the model promises for these agents (%). */
  predicted: number;
  serviceLevel: number | null;
  abandonPercent: number | null;
}

export interface VerifyRow {
  label: string;
  offered: number;
  erlangA: VerifyCell;
  erlangC: VerifyCell;
}

export interface Verification {
  queue: string;
  day: string;
  runs: number;
  target: { serviceLevelPercent: number; serviceLevelSeconds: number; maxAbandonPercent: number };
  busySlots: number;
  erlangA: ModelOutcome;
  erlangC: ModelOutcome;
  rows: VerifyRow[];
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

/** Handle times and patience as the log measured them, to draw callers from (scaled to each half hour's AHT). */
async function callerDraws(sql: Sql, f: Forecast, queue: string, asOf: string) {
  const from = kyivMidnight(addDays(asOf, -7 * HISTORY_WEEKS));
  const to = kyivMidnight(asOf);
  const [handles, waits] = await Promise.all([history.handleTimes(sql, queue, from, to), history.waits(sql, queue, from, to)]);
  const meanHandle = handles.reduce((a, b) => a + b, 0) / Math.max(1, handles.length);
  const curve = kaplanMeier(waits);
  const exponential = (meanMs: number, random: () => number) => -Math.log(1 - random()) * meanMs;
  return {
    drawHandleMs: (random: () => number, slot: number) => {
      const aht = f.slots[slot].ahtSeconds * 1000;
      if (handles.length < MIN_CALLS) return exponential(aht, random);
      return handles[Math.floor(random() * handles.length)] * 1000 * (aht / (meanHandle * 1000));
    },
    drawPatienceMs: (random: () => number) =>
      curve.abandoned < MIN_ABANDONED ? exponential(f.slots[0].patienceSeconds * 1000, random) : drawPatience(curve, random) * 1000,
  };
}

function outcome(f: Forecast, figures: ReplayFigures[], agents: number[], predicted: number[]): ModelOutcome {
  const total = figures.reduce((acc, x) => ({ within: acc.within + x.answeredWithin, done: acc.done + x.answered + x.abandoned, ab: acc.ab + x.abandoned }), { within: 0, done: 0, ab: 0 });
  const busy = f.slots.map((s, i) => ({ s, x: figures[i], p: predicted[i] })).filter(({ s }) => s.offered >= BUSY_CALLS);
  const levels = busy.map(({ x }) => pct(x.answeredWithin, x.answered + x.abandoned) ?? 100);
  const beyond = busy.map(({ p }, i) => levels[i] - p);
  const mean = (xs: number[]) => (xs.length ? Math.round((10 * xs.reduce((a, b) => a + b, 0)) / xs.length) / 10 : 0);
  return {
    agentHours: agents.reduce((a, b) => a + b, 0) / 2,
    serviceLevel: pct(total.within, total.done) ?? 100,
    abandonPercent: pct(total.ab, total.done) ?? 0,
    busySlotsMeetingTarget: levels.filter((l) => l >= f.targets.serviceLevelPercent).length,
    meanDeviationPoints: mean(levels.map((l) => Math.abs(l - f.targets.serviceLevelPercent))),
    meanBeyondPredictionPoints: mean(beyond),
    meanAbsBeyondPredictionPoints: mean(beyond.map(Math.abs)),
  };
}

/** Replays the forecast day through the simulator twice, staffed by Erlang A and by Erlang C, with the same callers. */
export async function verifyStaffing(sql: Sql, o: VerifyOptions): Promise<Verification> {
  const f = await forecastFromLog(sql, { queue: o.queue, from: o.day, days: 1, asOf: o.day });
  const draws = await callerDraws(sql, f, o.queue, o.day);
  const staffingOf = (pick: (s: Forecast['slots'][number]) => number | null) => f.slots.map((s) => pick(s) ?? s.agentsErlangC ?? s.agentsErlangA ?? 0);
  const agentsA = staffingOf((s) => s.agentsErlangA);
  const agentsC = staffingOf((s) => s.agentsErlangC);
  const play = (agents: number[]) =>
    replayStaffing({
      slots: f.slots.map((s, i) => ({ startMs: Date.parse(s.start), durationMs: HALF_HOUR_MS, expectedCalls: s.offered, agents: agents[i] })),
      ...draws,
      serviceLevelSeconds: f.targets.serviceLevelSeconds,
      runs: o.runs,
      seed: o.seed,
    });
  const [a, c] = [play(agentsA), play(agentsC)];
  const T = f.targets.serviceLevelSeconds;
  const load = (s: Forecast['slots'][number]) => ({ callsPerHour: 2 * s.offered, ahtSeconds: s.ahtSeconds });
  const predictedA = f.slots.map((s, i) => Math.round(1000 * erlangA(agentsA[i], load(s), T, s.patienceSeconds).serviceLevel) / 10);
  const predictedC = f.slots.map((s, i) => Math.round(1000 * erlangC(agentsC[i], load(s), T).serviceLevel) / 10);
  const row = (x: ReplayFigures, agents: number, predicted: number) => ({ agents, predicted, serviceLevel: pct(x.answeredWithin, x.answered + x.abandoned), abandonPercent: pct(x.abandoned, x.answered + x.abandoned) });
  return {
    queue: o.queue,
    day: o.day,
    runs: o.runs,
    target: { serviceLevelPercent: f.targets.serviceLevelPercent, serviceLevelSeconds: f.targets.serviceLevelSeconds, maxAbandonPercent: f.targets.maxAbandonPercent },
    busySlots: f.slots.filter((s) => s.offered >= BUSY_CALLS).length,
    erlangA: outcome(f, a, agentsA, predictedA),
    erlangC: outcome(f, c, agentsC, predictedC),
    rows: f.slots.map((s, i) => ({ label: s.label, offered: s.offered, erlangA: row(a[i], agentsA[i], predictedA[i]), erlangC: row(c[i], agentsC[i], predictedC[i]) })),
  };
}

const cell = (v: number | null, width: number) => (v === null ? '—' : String(v)).padStart(width);

/** The table the CLI prints: per half hour, agents and what they achieved, Erlang A beside Erlang C. */
export function verifyTable(v: Verification): string {
  const head = `${v.queue} ${v.day}: target ${v.target.serviceLevelPercent} % within ${v.target.serviceLevelSeconds} s, at most ${v.target.maxAbandonPercent} % hanging up; ${v.runs} simulated days`;
  const cols = 'half hour  calls | A agents  model SL %  SL %  aband % | C agents  model SL %  SL %  aband %';
  const lines = v.rows
    .filter((r) => r.offered >= 0.5)
    .map((r) => {
      const model = (m: VerifyCell) => `${cell(m.agents, 9)}${cell(m.predicted, 12)}${cell(m.serviceLevel, 6)}${cell(m.abandonPercent, 9)}`;
      return `${r.label.padEnd(9)}${cell(r.offered, 7)} |${model(r.erlangA)} |${model(r.erlangC)}`;
    });
  const total = (name: string, m: ModelOutcome) =>
    `${name}: ${m.agentHours} agent-hours, service level ${m.serviceLevel} %, hung up ${m.abandonPercent} %, ${m.busySlotsMeetingTarget}/${v.busySlots} busy half hours at target, mean |SL − target| ${m.meanDeviationPoints} points, achieved − model ${m.meanBeyondPredictionPoints} points (|…| ${m.meanAbsBeyondPredictionPoints})`;
  return [head, cols, ...lines, total('Erlang A', v.erlangA), total('Erlang C', v.erlangC)].join('\n');
}
