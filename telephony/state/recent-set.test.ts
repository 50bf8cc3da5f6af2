import { describe, expect, it } from 'vitest';
import { RecentSet } from './recent-set';

describe('RecentSet', () => {
  it('when more keys than the capacity are added, then the oldest are forgotten first', () => {
    const set = new RecentSet(2);
    set.add('a', 0);
    set.add('b', 1);
    set.add('c', 2);
    expect([set.has('a'), set.has('b'), set.has('c')]).toEqual([false, true, true]);
  });

  it('when keys are older than the window, then they are forgotten even below the capacity', () => {
    const set = new RecentSet(10_000, 60_000);
    for (let second = 0; second < 600; second++) set.add(`call-${second}`, second * 1000);
    expect(set.size).toBe(61);
    expect(set.has('call-538')).toBe(false);
    expect(set.has('call-539')).toBe(true);
  });

  it('when a key is added again, then its window starts again', () => {
    const set = new RecentSet(10, 1000);
    set.add('a', 0);
    set.add('b', 500);
    set.add('a', 900);
    set.add('c', 1600);
    expect([set.has('a'), set.has('b'), set.has('c')]).toEqual([true, false, true]);
  });
});
