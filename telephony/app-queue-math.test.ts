import { describe, expect, it } from 'vitest';
import { appQueuePercent } from './app-queue-math';

describe('app_queue percentages', () => {
  it('when nothing was completed, then the figure is 0, as Asterisk prints 0.0', () => {
    expect(appQueuePercent(0, 0)).toBe(0);
  });

  it('when the share is a repeating fraction, then it is rounded to one decimal like %2.1f', () => {
    expect(appQueuePercent(2, 3)).toBe(66.7);
    expect(appQueuePercent(1, 3)).toBe(33.3);
    expect(appQueuePercent(18, 19)).toBe(94.7);
  });

  it('when the share is an exact tie at one decimal, then it rounds to even as glibc printf does (not up)', () => {
    // 1/16 = 6.25 % exactly: printf("%2.1f") gives 6.2, toFixed(1) would give 6.3.
    expect(appQueuePercent(1, 16)).toBe(6.2);
    expect(appQueuePercent(3, 16)).toBe(18.8);
  });
});
