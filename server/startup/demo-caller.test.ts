import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../telephony';
import { demoCallScript, patienceSeconds, type DemoCallScript, type Random } from './demo-caller';
import { DEFAULT_DEMO_LOAD } from './demo-load';

/**
 * The demo's queue as the simulator plays it: Poisson arrivals, three agents taken first come first served,
 * each call ringing before the simulator answers; a caller whose patience runs out first (waiting or
 * ringing) hangs up and lands on the call-back list. Returns the minutes at which callers hung up.
 */
function playQueue(random: Random, minutes: number, script: (r: Random) => DemoCallScript, agents = 3): { calls: number; abandonedAt: number[] } {
  const free = Array<number>(agents).fill(0);
  const abandonedAt: number[] = [];
  let t = 0;
  let calls = 0;
  for (;;) {
    t += -Math.log(1 - random()) * (60 / DEFAULT_DEMO_LOAD.callsPerMinute);
    if (t > minutes * 60) return { calls, abandonedAt };
    calls++;
    const s = script(random);
    const agent = free.indexOf(Math.min(...free));
    const start = Math.max(t, free[agent]);
    const gaveUp = t + s.abandonAfterMs / 1000;
    if (gaveUp <= start) abandonedAt.push(gaveUp / 60);
    else if (gaveUp < start + s.ringMs / 1000) {
      abandonedAt.push(gaveUp / 60);
      free[agent] = gaveUp;
    } else free[agent] = start + (s.ringMs + s.talkMs) / 1000;
  }
}

const demo = (r: Random) => demoCallScript(r, DEFAULT_DEMO_LOAD);
/** What the demo did before: 7 % of callers with 8–38 s of patience, the rest waiting for ever. */
const before = (r: Random): DemoCallScript => ({ ...demo(r), abandonAfterMs: r() < 0.07 ? 8_000 + r() * 30_000 : Number.POSITIVE_INFINITY });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('the demo callers', () => {
  it('when patience is drawn many times, then it is exponential with the documented mean: many short waits, a long tail', () => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 50_000 }, () => patienceSeconds(random, DEFAULT_DEMO_LOAD.patienceSeconds));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(DEFAULT_DEMO_LOAD.patienceSeconds).toBeGreaterThanOrEqual(60);
    expect(DEFAULT_DEMO_LOAD.patienceSeconds).toBeLessThanOrEqual(120);
    expect(mean).toBeGreaterThan(DEFAULT_DEMO_LOAD.patienceSeconds * 0.97);
    expect(mean).toBeLessThan(DEFAULT_DEMO_LOAD.patienceSeconds * 1.03);
    expect(median(draws)).toBeCloseTo(DEFAULT_DEMO_LOAD.patienceSeconds * Math.LN2, -1);
    expect(draws.filter((d) => d < 10).length / draws.length).toBeGreaterThan(0.08);
    expect(draws.filter((d) => d > 300).length / draws.length).toBeGreaterThan(0.02);
  });

  it('when a demo day is played, then some callers hang up as real ones do and the call-back list has one within minutes', () => {
    const days = Array.from({ length: 20 }, (_, seed) => playQueue(seededRandom(1000 + seed), 8 * 60, demo));
    const share = days.reduce((a, d) => a + d.abandonedAt.length, 0) / days.reduce((a, d) => a + d.calls, 0);
    const first = days.map((d) => d.abandonedAt[0] ?? Number.POSITIVE_INFINITY);
    process.stdout.write(`demo: ${(share * 100).toFixed(1)} % abandoned, first after ${median(first).toFixed(1)} min (median of 20 days)\n`);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.2);
    expect(median(first)).toBeLessThan(15);
  });

  it('when the old scripts are played, then almost nobody hangs up and the call-back list stays empty for long', () => {
    const days = Array.from({ length: 20 }, (_, seed) => playQueue(seededRandom(1000 + seed), 8 * 60, before));
    const share = days.reduce((a, d) => a + d.abandonedAt.length, 0) / days.reduce((a, d) => a + d.calls, 0);
    const first = days.map((d) => d.abandonedAt[0] ?? Number.POSITIVE_INFINITY);
    process.stdout.write(`before: ${(share * 100).toFixed(1)} % abandoned, first after ${median(first).toFixed(1)} min (median of 20 days)\n`);
    expect(share).toBeLessThan(0.05);
  });
});
