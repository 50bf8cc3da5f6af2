import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_LOAD, erlangC, parseSecondsRange } from './demo-load';

describe('the demo load', () => {
  it('when three agents take the default demo calls, then most callers are answered within the service level and some wait', () => {
    const day = erlangC(DEFAULT_DEMO_LOAD, 3, 60);
    expect(day.serviceLevel).toBeGreaterThan(0.8);
    expect(day.waitProbability).toBeGreaterThan(0.1);
    expect(day.erlangs).toBeLessThan(2.2);
  });

  it('when the old demo load (3 calls a minute, 45–165 s talks) is checked, then it is overloaded', () => {
    const old = erlangC({ callsPerMinute: 3, talkSeconds: [45, 165], ringSeconds: [4, 10], patienceSeconds: 90 }, 3, 60);
    expect(old.serviceLevel).toBe(0);
    expect(old.erlangs).toBeGreaterThan(3);
  });

  it('when a talk range is configured, then it is read as low-high or one fixed number, and nonsense keeps the default', () => {
    expect(parseSecondsRange('20-90', [1, 2])).toEqual([20, 90]);
    expect(parseSecondsRange('60', [1, 2])).toEqual([60, 60]);
    expect(parseSecondsRange('90-20', [1, 2])).toEqual([20, 90]);
    expect(parseSecondsRange('abc', [1, 2])).toEqual([1, 2]);
    expect(parseSecondsRange(undefined, [1, 2])).toEqual([1, 2]);
  });
});
