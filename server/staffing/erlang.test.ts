import { describe, expect, it } from 'vitest';
import { erlangA, erlangC, erlangCWaitProbability } from './erlang';
import { agentsErlangA, agentsErlangC, DEFAULT_TARGETS, staffWithShrinkage } from './agents-needed';

const round = (x: number, digits: number) => Number(x.toFixed(digits));

describe('Erlang C, against published worked examples', () => {
  it('when Call Centre Helper\'s example is computed (100 calls in 30 min, AHT 180 s, 80 % in 20 s), then 14 agents, as published', () => {
    // Call Centre Helper, "Erlang C formula – made simple": A = 10 erlangs; 11 agents wait 68.21 %,
    // 14 agents: probability of waiting 17.41 %, service level 88.84 %, ASA 7.8 s.
    const load = { callsPerHour: 200, ahtSeconds: 180 };
    expect(round(erlangCWaitProbability(11, 10), 4)).toBe(0.6821);
    const at14 = erlangC(14, load, 20);
    expect(round(at14.probabilityOfWaiting, 4)).toBe(0.1741);
    expect(round(at14.serviceLevel, 4)).toBe(0.8884);
    expect(round(at14.averageWaitSeconds, 1)).toBe(7.8);
    const needed = agentsErlangC(load, { ...DEFAULT_TARGETS, maxOccupancyPercent: 100 });
    expect(needed.met && needed.result.agents).toBe(14);
  });

  it('when Westbay\'s example is computed (360 calls per half hour, 4 min, 55 agents, 15 s), then its figures', () => {
    // Westbay Engineers, "The Erlang-C formula": u = 48 erlangs, ρ = 0.873, E_C = 0.2387, ASA 8.18 s, SL 84.6 %.
    const r = erlangC(55, { callsPerHour: 720, ahtSeconds: 240 }, 15);
    expect(round(r.occupancy, 3)).toBe(0.873);
    expect(round(r.probabilityOfWaiting, 4)).toBe(0.2387);
    expect(round(r.averageWaitSeconds, 2)).toBe(8.18);
    expect(round(r.serviceLevel, 3)).toBe(0.846);
  });

  it('when the textbook M/M/10 with 6 erlangs is computed (120 customers an hour, 3 min each), then "about 0.10"', () => {
    expect(round(erlangCWaitProbability(10, 6), 4)).toBe(0.1013);
    // M/M/3 with a = 2: P0 = 1/9, C = 4/9 exactly.
    expect(erlangCWaitProbability(3, 2)).toBeCloseTo(4 / 9, 14);
  });

  it('when 10,000 calls an hour meet 500+ agents, then finite figures that still add up', () => {
    const load = { callsPerHour: 10_000, ahtSeconds: 180 };
    const targets = { ...DEFAULT_TARGETS, maxOccupancyPercent: 100 };
    const needed = agentsErlangC(load, targets);
    expect(needed.met).toBe(true);
    if (!needed.met) return;
    expect(needed.result.agents).toBeGreaterThan(500);
    expect(needed.result.agents).toBeLessThan(620);
    expect(Number.isFinite(needed.result.averageWaitSeconds)).toBe(true);
    expect(erlangC(needed.result.agents - 1, load, 20).serviceLevel).toBeLessThan(0.8);
    expect(erlangC(needed.result.agents, load, 20).serviceLevel).toBeGreaterThanOrEqual(0.8);
    const a = agentsErlangA(load, targets, 60);
    expect(a.met && Number.isFinite(a.result.serviceLevel) && a.result.agents <= needed.result.agents).toBe(true);
  });
});

/** P(K = k) of a Poisson(a), in log space. */
function poisson(a: number, k: number): number {
  let log = -a;
  for (let i = 1; i <= k; i++) log += Math.log(a) - Math.log(i);
  return Math.exp(log);
}

describe('Erlang A, against what it must equal', () => {
  it('when callers are as patient as a call is long (θ = μ), then it is M/M/∞: Poisson waiting and abandonment', () => {
    // Each caller leaves at rate μ in the queue or at an agent, so the number present is Poisson(A) (Palm).
    const a = 8;
    const n = 7;
    const r = erlangA(n, { callsPerHour: 160, ahtSeconds: 180 }, 20, 180);
    let atLeastN = 0;
    let excess = 0;
    for (let k = 0; k < 200; k++) {
      if (k >= n) atLeastN += poisson(a, k);
      excess += Math.max(0, k - n) * poisson(a, k);
    }
    expect(r.probabilityOfWaiting).toBeCloseTo(atLeastN, 10);
    expect(r.abandon).toBeCloseTo(excess / a, 10);
  });

  it('when callers almost never hang up, then it is Erlang C', () => {
    const load = { callsPerHour: 200, ahtSeconds: 180 };
    const a = erlangA(14, load, 20, 1e9);
    const c = erlangC(14, load, 20);
    expect(a.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 6);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 6);
    expect(a.averageWaitSeconds).toBeCloseTo(c.averageWaitSeconds, 3);
  });

  it('when the target is an hour, then everyone who does not hang up is answered within it', () => {
    const r = erlangA(9, { callsPerHour: 200, ahtSeconds: 180 }, 3600, 90);
    expect(r.serviceLevel).toBeCloseTo(1 - r.abandon, 8);
  });

  it('when callers hang up, then Erlang A needs fewer agents than Erlang C for the same target, and says what hangs up', () => {
    const load = { callsPerHour: 200, ahtSeconds: 180 };
    const c = agentsErlangC(load, DEFAULT_TARGETS);
    const a = agentsErlangA(load, DEFAULT_TARGETS, 60);
    expect(c.met && a.met).toBe(true);
    if (!c.met || !a.met) return;
    expect(a.result.agents).toBeLessThanOrEqual(c.result.agents);
    expect(a.result.abandon * 100).toBeLessThanOrEqual(5);
    const fewer = erlangA(a.result.agents - 1, load, 20, 60);
    expect(fewer.serviceLevel < 0.8 || fewer.abandon > 0.05 || fewer.occupancy > 0.85).toBe(true);
  });
});

describe('targets that cannot be met, and nothing to answer', () => {
  it('when 100 % must be answered within 0 s, then it says so instead of searching for ever', () => {
    const t = { ...DEFAULT_TARGETS, serviceLevelPercent: 100, serviceLevelSeconds: 0 };
    const c = agentsErlangC({ callsPerHour: 200, ahtSeconds: 180 }, t);
    const a = agentsErlangA({ callsPerHour: 200, ahtSeconds: 180 }, t, 60);
    expect(c.met).toBe(false);
    expect(a.met).toBe(false);
    expect(!c.met && c.reason).toMatch(/No number of agents/);
  });

  it('when a half hour has no calls, then no agents and a perfect service level', () => {
    const c = agentsErlangC({ callsPerHour: 0, ahtSeconds: 180 }, DEFAULT_TARGETS);
    const a = agentsErlangA({ callsPerHour: 0, ahtSeconds: 180 }, DEFAULT_TARGETS, 60);
    expect(c.met && c.result.agents).toBe(0);
    expect(a.met && a.result.agents).toBe(0);
  });

  it('when 30 % of paid time is shrinkage, then 14 agents on the phones are 20 staff', () => {
    expect(staffWithShrinkage(14, 30)).toBe(20);
    expect(staffWithShrinkage(14, 0)).toBe(14);
  });
});
