/**
 * Erlang C (M/M/n) and Erlang A (M/M/n+M, Palm's queue with callers who hang up), our own, in log space:
 * A^k / k! is never formed, only k·ln A − ln k!, and sums go through log-sum-exp, so 500 agents and
 * 10,000 calls an hour neither overflow nor lose precision.
 *
 * References:
 * - Erlang C: A. K. Erlang (1917); the call-center form (probability of waiting, service level
 *   1 − C·e^{−(n−A)·T/AHT}, ASA = C·AHT/(n−A)) as in Westbay Engineers, "The Erlang-C formula", and Call
 *   Centre Helper, "Erlang C formula – made simple" (the worked examples in erlang.test.ts).
 * - Erlang A: C. Palm (1943); O. Garnett, A. Mandelbaum, M. Reiman, "Designing a call center with impatient
 *   customers", M&SOM 4(3), 2002; A. Mandelbaum, S. Zeltyn, "The Palm/Erlang-A queue, with applications to
 *   call centers" (2007). Its stationary law is the birth–death chain with births λ and deaths
 *   min(k,n)·μ + max(k−n,0)·θ; abandonment = θ·E[queue]/λ (each waiting caller leaves at θ); the service level
 *   (answered within T, over all callers) comes from the time a caller with m ahead needs to reach an agent,
 *   a pure-death chain with rates n·μ + i·θ killed at the caller's own θ, solved by uniformization.
 */

export interface Load {
  callsPerHour: number;
  ahtSeconds: number;
}

export interface ErlangCResult {
  agents: number;
  /** Share of callers who wait at all (0–1). */
  probabilityOfWaiting: number;
  /** Share answered within the target (0–1). */
  serviceLevel: number;
  averageWaitSeconds: number;
  occupancy: number;
}

export interface ErlangAResult {
  agents: number;
  probabilityOfWaiting: number;
  /** Share of all callers answered within the target (0–1); those who hung up count against it. */
  serviceLevel: number;
  /** Share of callers who hang up before an agent answers (0–1). */
  abandon: number;
  /** Over every caller, those who hung up included (Little's law on the queue). */
  averageWaitSeconds: number;
  occupancy: number;
}

function logSumExp(values: number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return max;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** ln(A^k / k!) for k = 0..n. */
function poissonLogTerms(erlangs: number, n: number): number[] {
  const terms = [0];
  const logA = Math.log(erlangs);
  for (let k = 1; k <= n; k++) terms.push(terms[k - 1] + logA - Math.log(k));
  return terms;
}

/** Offered load in erlangs. */
export const erlangsOf = (load: Load) => (load.callsPerHour * load.ahtSeconds) / 3600;

/** Erlang C's probability of waiting; 1 when the agents cannot keep up (n ≤ A). */
export function erlangCWaitProbability(agents: number, erlangs: number): number {
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return 1;
  const terms = poissonLogTerms(erlangs, agents);
  const waiting = terms[agents] + Math.log(agents / (agents - erlangs));
  return Math.exp(waiting - logSumExp([...terms.slice(0, agents), waiting]));
}

export function erlangC(agents: number, load: Load, targetSeconds: number): ErlangCResult {
  const a = erlangsOf(load);
  if (a <= 0) return { agents, probabilityOfWaiting: 0, serviceLevel: 1, averageWaitSeconds: 0, occupancy: 0 };
  if (agents <= a) return { agents, probabilityOfWaiting: 1, serviceLevel: 0, averageWaitSeconds: Infinity, occupancy: 1 };
  const c = erlangCWaitProbability(agents, a);
  return {
    agents,
    probabilityOfWaiting: c,
    serviceLevel: 1 - c * Math.exp((-(agents - a) * targetSeconds) / load.ahtSeconds),
    averageWaitSeconds: (c * load.ahtSeconds) / (agents - a),
    occupancy: a / agents,
  };
}

/** ln of the stationary weights of Erlang A's chain, cut where the tail no longer counts (1e-18 of the peak). */
function erlangALogWeights(agents: number, lambda: number, mu: number, theta: number): number[] {
  const weights = poissonLogTerms(lambda / mu, agents);
  let peak = Math.max(...weights);
  const cap = agents + 2_000_000;
  for (let k = agents + 1; k < cap; k++) {
    const next = weights[k - 1] + Math.log(lambda / (agents * mu + (k - agents) * theta));
    weights.push(next);
    if (next > peak) peak = next;
    else if (next < peak - 41.5) break;
  }
  return weights;
}

/** P(a caller with m ahead reaches an agent within t), for every m < count, by uniformization. */
function reachedWithin(t: number, count: number, agentRate: number, theta: number): Float64Array {
  const lambdaMax = agentRate + count * theta;
  const steps = lambdaMax * t;
  // Poisson(steps) weights in log space, far enough into the tail that the rest is below 1e-15.
  const jMax = Math.ceil(steps + 12 * Math.sqrt(steps) + 30);
  const forward = new Float64Array(count);
  const stay = new Float64Array(count);
  for (let m = 0; m < count; m++) {
    forward[m] = (agentRate + m * theta) / lambdaMax;
    stay[m] = 1 - (agentRate + (m + 1) * theta) / lambdaMax;
  }
  let h = new Float64Array(count);
  let next = new Float64Array(count);
  const result = new Float64Array(count);
  let logWeight = -steps;
  for (let j = 0; j <= jMax; j++) {
    if (j > 0) {
      // Only the first j places can have been reached after j steps; the rest are still 0.
      const upTo = Math.min(count, j);
      next[0] = forward[0] + stay[0] * h[0];
      for (let m = 1; m < upTo; m++) next[m] = forward[m] * h[m - 1] + stay[m] * h[m];
      [h, next] = [next, h];
      logWeight += Math.log(steps) - Math.log(j);
    }
    const w = Math.exp(logWeight);
    if (w > 0) for (let m = 0, upTo = Math.min(count, j); m < upTo; m++) result[m] += w * h[m];
  }
  return result;
}

/**
 * How many places in the queue can still reach an agent within t: one with m ahead needs m + 1 departures, each
 * at a rate of at most n·μ + m·θ, so by Chernoff's bound on that Poisson count it is below e^-37 past this.
 * When callers' patience is shorter than t (θ·t ≥ 1) no such place exists and every one is kept.
 */
function reachableStates(t: number, agentRate: number, theta: number): number {
  if (t <= 0) return 0;
  if (theta * t >= 1) return Infinity;
  for (let m = 0; ; m++) {
    const mean = (agentRate + m * theta) * t;
    const k = m + 1;
    if (k > mean && -mean + k * (1 + Math.log(mean) - Math.log(k)) < -37) return k;
  }
}

export function erlangA(agents: number, load: Load, targetSeconds: number, patienceSeconds: number): ErlangAResult {
  const lambda = load.callsPerHour / 3600;
  const mu = 1 / load.ahtSeconds;
  const theta = 1 / patienceSeconds;
  if (lambda <= 0) return { agents, probabilityOfWaiting: 0, serviceLevel: 1, abandon: 0, averageWaitSeconds: 0, occupancy: 0 };
  if (agents === 0) return { agents, probabilityOfWaiting: 1, serviceLevel: 0, abandon: 1, averageWaitSeconds: patienceSeconds, occupancy: 0 };
  const logW = erlangALogWeights(agents, lambda, mu, theta);
  const logTotal = logSumExp(logW);
  const p = logW.map((w) => Math.exp(w - logTotal));
  let waiting = 0;
  let queueLength = 0;
  let busy = 0;
  for (let k = 0; k < p.length; k++) {
    busy += p[k] * Math.min(k, agents);
    if (k >= agents) {
      waiting += p[k];
      queueLength += p[k] * (k - agents);
    }
  }
  const queued = p.slice(agents);
  const reachable = Math.min(queued.length, reachableStates(targetSeconds, agents * mu, theta));
  const reached = targetSeconds > 0 ? reachedWithin(targetSeconds, reachable, agents * mu, theta) : new Float64Array(0);
  // Callers further back cannot reach an agent within T (below 1e-16): they count as missed.
  const withinTarget = queued.reduce((sum, pk, m) => sum + pk * (reached[m] ?? 0), 0);
  return {
    agents,
    probabilityOfWaiting: waiting,
    // Rounding can leave −1e-17 where nobody is answered in time.
    serviceLevel: Math.min(1, Math.max(0, 1 - waiting + withinTarget)),
    abandon: (theta * queueLength) / lambda,
    averageWaitSeconds: queueLength / lambda,
    occupancy: busy / agents,
  };
}
