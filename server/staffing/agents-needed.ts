import { erlangA, erlangC, erlangsOf, type ErlangAResult, type ErlangCResult, type Load } from './erlang';

/** A queue's targets: X % answered within T s, at most A % hanging up, agents busy at most O % of the time. */
export interface Targets {
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  maxAbandonPercent: number;
  maxOccupancyPercent: number;
}

export const DEFAULT_TARGETS: Targets = { serviceLevelPercent: 80, serviceLevelSeconds: 20, maxAbandonPercent: 5, maxOccupancyPercent: 85 };

export type Staffing<R> = { met: true; result: R } | { met: false; reason: string };

/**
 * Each added agent helps less; past this many above the load nothing measurable changes any more, so a target
 * not met by then (100 % within 0 s) cannot be met and we say so instead of searching on.
 */
const headroom = (erlangs: number) => Math.ceil(erlangs + 10 * Math.sqrt(erlangs) + 50);

// No finite number of agents answers every caller at once: a 100 % target is refused, not rounded into reach.
const reachable = (t: Targets) => t.serviceLevelPercent < 100;

const meetsC = (r: ErlangCResult, t: Targets) => r.serviceLevel * 100 >= t.serviceLevelPercent && r.occupancy * 100 <= t.maxOccupancyPercent;

/** The fewest agents Erlang C says meet the targets (callers never hang up, so abandonment is not its concern). */
export function agentsErlangC(load: Load, targets: Targets): Staffing<ErlangCResult> {
  const a = erlangsOf(load);
  if (a <= 0) return { met: true, result: erlangC(0, load, targets.serviceLevelSeconds) };
  const last = headroom(a);
  if (!reachable(targets)) return { met: false, reason: unreachable(targets, last) };
  // n must exceed A for the queue to be stable at all.
  const n = smallest(Math.floor(a) + 1, last, (k) => meetsC(erlangC(k, load, targets.serviceLevelSeconds), targets));
  return n === null ? { met: false, reason: unreachable(targets, last) } : { met: true, result: erlangC(n, load, targets.serviceLevelSeconds) };
}

const meetsA = (r: ErlangAResult, t: Targets) =>
  r.serviceLevel * 100 >= t.serviceLevelPercent && r.abandon * 100 <= t.maxAbandonPercent && r.occupancy * 100 <= t.maxOccupancyPercent;

/** The fewest agents Erlang A says meet the targets with callers who hang up after `patienceSeconds` on average. */
export function agentsErlangA(load: Load, targets: Targets, patienceSeconds: number): Staffing<ErlangAResult> {
  const a = erlangsOf(load);
  if (a <= 0) return { met: true, result: erlangA(0, load, targets.serviceLevelSeconds, patienceSeconds) };
  // Agents answer at most n/AHT calls a second: answered within T ≤ answered ≤ n/A, and abandonment ≥ 1 − n/A.
  const lower = a * Math.max(targets.serviceLevelPercent / 100, 1 - targets.maxAbandonPercent / 100);
  const last = headroom(a);
  if (!reachable(targets)) return { met: false, reason: unreachable(targets, last) };
  const at = (k: number) => erlangA(k, load, targets.serviceLevelSeconds, patienceSeconds);
  const n = smallest(Math.max(1, Math.floor(lower)), last, (k) => meetsA(at(k), targets));
  return n === null ? { met: false, reason: unreachable(targets, last) } : { met: true, result: at(n) };
}

/**
 * The smallest n in [lo, hi] that meets, by bisection: every target improves with each agent added (service level
 * up, abandonment and occupancy down), so "meets" is false and then true for good. Null when even hi does not.
 */
function smallest(lo: number, hi: number, meets: (n: number) => boolean): number | null {
  if (lo > hi || !meets(hi)) return null;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (meets(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function unreachable(t: Targets, last: number): string {
  return `No number of agents up to ${last} answers ${t.serviceLevelPercent} % within ${t.serviceLevelSeconds} s with at most ${t.maxAbandonPercent} % hanging up and occupancy at most ${t.maxOccupancyPercent} %.`;
}

/** Staff to schedule for `agents` on the phones when `shrinkagePercent` of paid time is breaks, training, absence. */
export function staffWithShrinkage(agents: number, shrinkagePercent: number): number {
  if (shrinkagePercent <= 0) return agents;
  return Math.ceil(agents / (1 - Math.min(shrinkagePercent, 95) / 100));
}
