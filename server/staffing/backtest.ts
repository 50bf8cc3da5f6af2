import type { DataSource } from 'typeorm';
import { agentsErlangA } from './agents-needed';
import { forecastFromLog } from './staffing.service';
import { addDays, kyivDayOf, kyivMidnight } from './half-hours';
import { HISTORY_WEEKS, NoHistoryError } from './forecast';
import * as history from './history.repository';

type Sql = Pick<DataSource, 'query'>;

export interface BacktestWeek {
  from: string;
  to: string;
  actualCalls: number;
  forecastCalls: number;
  /** Weighted absolute percentage error of offered calls per half hour: Σ|forecast − actual| / Σ actual, %. */
  wapePercent: number | null;
  /** Agents (Erlang A) for the forecast load against agents for the load that came: mean |difference| and mean difference. */
  agentsMeanAbsError: number;
  agentsBias: number;
  halfHours: number;
}

export interface Backtest {
  queue: string;
  until: string;
  weeks: BacktestWeek[];
  overall: { wapePercent: number | null; agentsMeanAbsError: number; agentsBias: number };
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Forecasts each of the `weeks` weeks before `until` from the weeks before it, and sets it against what came.
 * The staffing error holds handle time and patience at the forecast's, so it is the volume's error in agents.
 */
export async function backtest(sql: Sql, o: { queue: string; weeks: number; until: string }): Promise<Backtest> {
  const result: BacktestWeek[] = [];
  for (let k = o.weeks; k >= 1; k--) {
    const from = addDays(o.until, -7 * k);
    let f;
    try {
      f = await forecastFromLog(sql, { queue: o.queue, from, days: 7, asOf: from });
    } catch (error) {
      if (error instanceof NoHistoryError) continue;
      throw error;
    }
    const actual = await history.slotHistory(sql, o.queue, kyivMidnight(from), kyivMidnight(addDays(from, 7)));
    const actualBy = new Map(actual.map((r) => [`${r.day} ${r.label}`, r.offered]));
    // A DST day names 03:00 twice: both forecast half hours are set against the one the log groups.
    const forecastBy = new Map<string, { offered: number; aht: number; patience: number; agents: number }>();
    for (const s of f.slots) {
      const key = `${kyivDayOf(new Date(s.start))} ${s.label}`;
      const known = forecastBy.get(key);
      forecastBy.set(key, { offered: (known?.offered ?? 0) + s.offered, aht: s.ahtSeconds, patience: s.patienceSeconds, agents: (known?.agents ?? 0) + (s.agentsErlangA ?? 0) });
    }
    let absError = 0;
    let actualCalls = 0;
    let forecastCalls = 0;
    let agentsAbs = 0;
    let agentsSigned = 0;
    const memo = new Map<string, number>();
    for (const [key, fc] of forecastBy) {
      const a = actualBy.get(key) ?? 0;
      absError += Math.abs(fc.offered - a);
      actualCalls += a;
      forecastCalls += fc.offered;
      const loadKey = `${a}/${fc.aht}`;
      if (!memo.has(loadKey)) {
        const needed = agentsErlangA({ callsPerHour: 2 * a, ahtSeconds: fc.aht }, f.targets, fc.patience);
        memo.set(loadKey, needed.met ? needed.result.agents : 0);
      }
      const diff = fc.agents - memo.get(loadKey)!;
      agentsAbs += Math.abs(diff);
      agentsSigned += diff;
    }
    const n = forecastBy.size;
    result.push({
      from, to: addDays(from, 6), actualCalls, forecastCalls: Math.round(forecastCalls), halfHours: n,
      wapePercent: actualCalls > 0 ? round((100 * absError) / actualCalls) : null,
      agentsMeanAbsError: round(agentsAbs / n, 2), agentsBias: round(agentsSigned / n, 2),
    });
  }
  const sum = (pick: (w: BacktestWeek) => number) => result.reduce((acc, w) => acc + pick(w), 0);
  const actualAll = sum((w) => w.actualCalls);
  const halfHours = sum((w) => w.halfHours);
  return {
    queue: o.queue,
    until: o.until,
    weeks: result,
    overall: {
      wapePercent: actualAll > 0 ? round(sum((w) => ((w.wapePercent ?? 0) * w.actualCalls) / 100) * (100 / actualAll)) : null,
      agentsMeanAbsError: halfHours ? round(sum((w) => w.agentsMeanAbsError * w.halfHours) / halfHours, 2) : 0,
      agentsBias: halfHours ? round(sum((w) => w.agentsBias * w.halfHours) / halfHours, 2) : 0,
    },
  };
}

export function backtestTable(b: Backtest): string {
  const head = `${b.queue}: each week forecast from the ${HISTORY_WEEKS} weeks before it`;
  const cols = 'week                      calls  forecast  WAPE %  agents |err|  agents bias';
  const lines = b.weeks.map((w) =>
    `${w.from} – ${w.to}${String(w.actualCalls).padStart(8)}${String(w.forecastCalls).padStart(10)}${String(w.wapePercent ?? '—').padStart(8)}${String(w.agentsMeanAbsError).padStart(14)}${String(w.agentsBias).padStart(13)}`);
  return [head, cols, ...lines, `overall: WAPE ${b.overall.wapePercent ?? '—'} %, agents |error| ${b.overall.agentsMeanAbsError} per half hour, bias ${b.overall.agentsBias}`].join('\n');
}
