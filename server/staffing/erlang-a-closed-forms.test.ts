import { describe, expect, it } from 'vitest';
import { erlangA } from './erlang';

/**
 * Erlang A against the closed forms published for it, computed here by a different road than erlang.ts takes.
 *
 * erlang.ts sums the birth–death chain's stationary weights in log space and gets the service level by
 * uniformization. Here:
 * - P{W > 0} and P{Ab} come from the formulas of A. Mandelbaum and S. Zeltyn, "The Palm/Erlang-A queue, with
 *   applications to call centers" (2007), §3 (after Palm, 1943): with Erlang B's E = B(n, λ/μ), ρ = λ/(nμ) and
 *   A(x, y) = x·e^y·y^(−x)·γ(x, y) (γ the lower incomplete gamma) at x = nμ/θ, y = λ/θ,
 *     P{W > 0} = A·E / (1 + (A − 1)·E),   P{Ab | W > 0} = 1/(ρ·A) + 1 − 1/ρ.
 *   γ's power series makes A(x, y) = Σ_k y^k / ((x+1)(x+2)…(x+k)), and B comes from its own recursion
 *   B(k) = a·B(k−1) / (k + a·B(k−1)), so nothing here shares code or a method with erlang.ts.
 * - The service level (answered within T, over all callers) as the hypoexponential law of the time a caller
 *   with m ahead needs to reach an agent (stages at rates nμ + jθ, j = m…0), raced against their own
 *   patience: P = Σ_j c_j·r_j·(1 − e^{−(r_j+θ)T}) / (r_j + θ) with c_j = Π_{i≠j} r_i / (r_i − r_j).
 */

function erlangB(n: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

function palmA(x: number, y: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; term > 1e-18 * sum; k++) {
    term *= y / (x + k);
    sum += term;
  }
  return sum;
}

interface Case {
  agents: number;
  callsPerHour: number;
  ahtSeconds: number;
  patienceSeconds: number;
  targetSeconds: number;
}

function closedForms({ agents: n, callsPerHour, ahtSeconds, patienceSeconds, targetSeconds }: Case) {
  const lambda = callsPerHour / 3600;
  const mu = 1 / ahtSeconds;
  const theta = 1 / patienceSeconds;
  const e = erlangB(n, lambda / mu);
  const a = palmA((n * mu) / theta, lambda / theta);
  const rho = lambda / (n * mu);
  const waits = (a * e) / (1 + (a - 1) * e);
  const abandonIfWaiting = 1 / (rho * a) + 1 - 1 / rho;
  return { waits, abandon: waits * abandonIfWaiting, serviceLevel: serviceLevel(n, lambda, mu, theta, targetSeconds, waits) };
}

function serviceLevel(n: number, lambda: number, mu: number, theta: number, t: number, waits: number): number {
  // The queue as an arriving caller finds it: P{m ahead} = P{W > 0}·Π_{j≤m} λ/(nμ + jθ) / A.
  const ahead: number[] = [1];
  for (let m = 1; ahead[m - 1] > 1e-16; m++) ahead.push((ahead[m - 1] * lambda) / (n * mu + m * theta));
  const total = ahead.reduce((s, p) => s + p, 0);
  let within = 1 - waits;
  ahead.forEach((weight, m) => {
    const rates = Array.from({ length: m + 1 }, (_, j) => n * mu + j * theta);
    let reached = 0;
    rates.forEach((rj, j) => {
      let c = 1;
      rates.forEach((ri, i) => {
        if (i !== j) c *= ri / (ri - rj);
      });
      reached += (c * rj * (1 - Math.exp(-(rj + theta) * t))) / (rj + theta);
    });
    within += ((waits * weight) / total) * reached;
  });
  return within;
}

// Loads where the queue stays short enough that the hypoexponential sum keeps 12 digits (its terms alternate).
const cases: Case[] = [
  { agents: 5, callsPerHour: 60, ahtSeconds: 180, patienceSeconds: 60, targetSeconds: 20 },
  { agents: 3, callsPerHour: 50, ahtSeconds: 180, patienceSeconds: 120, targetSeconds: 30 },
  { agents: 14, callsPerHour: 200, ahtSeconds: 180, patienceSeconds: 60, targetSeconds: 20 },
  { agents: 10, callsPerHour: 240, ahtSeconds: 180, patienceSeconds: 30, targetSeconds: 15 },
];

describe('Erlang A, against the closed forms Mandelbaum and Zeltyn publish', () => {
  for (const c of cases) {
    const label = `${c.agents} agents, ${c.callsPerHour} calls/h, AHT ${c.ahtSeconds} s, patience ${c.patienceSeconds} s, ${c.targetSeconds} s`;

    it(`when ${label}, then waiting and hanging up are Palm's`, () => {
      const ours = erlangA(c.agents, c, c.targetSeconds, c.patienceSeconds);
      const theirs = closedForms(c);
      expect(ours.probabilityOfWaiting).toBeCloseTo(theirs.waits, 12);
      expect(ours.abandon).toBeCloseTo(theirs.abandon, 12);
      // Little's law on the queue: every waiting caller leaves at θ, so E[W] over all callers is P{Ab}/θ.
      expect(ours.averageWaitSeconds).toBeCloseTo(theirs.abandon * c.patienceSeconds, 9);
    });

    it(`when ${label}, then the service level is the hypoexponential race against patience`, () => {
      const ours = erlangA(c.agents, c, c.targetSeconds, c.patienceSeconds);
      expect(ours.serviceLevel).toBeCloseTo(closedForms(c).serviceLevel, 10);
    });
  }

  it('when the agents cannot keep up (ρ > 1), then callers still leave at a finite rate and both agree', () => {
    // Erlang C has no answer here; Erlang A does, which is why staffing below the load is still forecast.
    const overloaded = { agents: 8, callsPerHour: 240, ahtSeconds: 180, patienceSeconds: 45, targetSeconds: 20 };
    const ours = erlangA(overloaded.agents, overloaded, overloaded.targetSeconds, overloaded.patienceSeconds);
    const theirs = closedForms(overloaded);
    expect(ours.abandon).toBeGreaterThan(0.1);
    expect(ours.abandon).toBeCloseTo(theirs.abandon, 12);
    expect(ours.probabilityOfWaiting).toBeCloseTo(theirs.waits, 12);
  });
});
