import { describe, expect, it } from 'vitest';
import { asteriskFigures, ourFigures } from './day-figures';
import type { DayCall } from './live.repository';
import { kyivDay, nextKyivMidnight } from './kyiv-day';
import { TodayBook } from './today-book';

let seq = 0;
function call(o: Partial<DayCall> & Pick<DayCall, 'outcome'>): DayCall {
  const t = (seq += 10_000);
  const answered = o.outcome === 'answered';
  return {
    id: `c${seq}`, queue: 'support', agentUserId: answered ? 1 : null, queuedAt: t, answeredAt: answered ? t + 1000 : null,
    endedAt: t + 5000, completedAt: answered ? t + 5000 : null, holdSeconds: 1, talkSeconds: answered ? 4 : null, wrapUpSeconds: null, ...o,
  };
}

describe('service levels', () => {
  it('when callers abandon within the threshold, then Asterisk’s SL ignores them, SL2 counts them in, and ours leaves out only the short abandons', () => {
    const calls = [
      call({ outcome: 'answered', holdSeconds: 5 }),
      call({ outcome: 'answered', holdSeconds: 30 }),
      call({ outcome: 'abandoned', holdSeconds: 3 }),
      call({ outcome: 'abandoned', holdSeconds: 40 }),
    ];
    expect(asteriskFigures(calls, 20)).toMatchObject({ completed: 2, abandoned: 2, serviceLevelPerf: 50, serviceLevelPerf2: 50 });
    // 3 s is a short abandon (neither hit nor miss); 40 s a miss: 1 within 20 s of 3.
    expect(ourFigures(calls, 20)).toMatchObject({ offered: 4, answered: 2, abandoned: 2, shortAbandoned: 1, shortAbandonSeconds: 5, serviceLevel: 1 / 3 });
    expect(ourFigures([...calls, call({ outcome: 'abandoned', holdSeconds: 6 })], 20)).toMatchObject({ shortAbandoned: 1, serviceLevel: 1 / 4 });
  });

  it('when a call is answered but still talking, then Asterisk has not completed it yet while ours counts it answered', () => {
    const calls = [call({ outcome: 'answered', holdSeconds: 2, completedAt: null, talkSeconds: null })];
    expect(asteriskFigures(calls, 20)).toMatchObject({ completed: 0, serviceLevelPerf: 0, holdtime: 2 });
    expect(ourFigures(calls, 20)).toMatchObject({ answered: 1, serviceLevel: 1 });
  });

  it('when holds follow each other, then Holdtime is app_queue’s integer exponential average, the first sample taken as is', () => {
    const calls = [call({ outcome: 'answered', holdSeconds: 8 }), call({ outcome: 'answered', holdSeconds: 16 })];
    // (3 * 8 + 16) >> 2 = 10
    expect(asteriskFigures(calls, 20).holdtime).toBe(10);
  });
});

describe("Kyiv's day", () => {
  it('when it is 23:30 UTC in winter, then it is already tomorrow in Kyiv, and midnight was at 22:00 UTC', () => {
    expect(kyivDay(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(nextKyivMidnight(new Date('2026-11-30T21:00:00Z')).toISOString()).toBe('2026-11-30T22:00:00.000Z');
  });

  it('when summer time is on, then midnight is at 21:00 UTC', () => {
    expect(nextKyivMidnight(new Date('2026-07-01T10:00:00Z')).toISOString()).toBe('2026-07-01T21:00:00.000Z');
  });
});

describe("today's book", () => {
  it('when the call log is read while events already counted a call, then the call is counted once, with what each knew', () => {
    const book = new TodayBook();
    book.roll(new Date('2026-11-30T10:00:00Z'));
    book.apply({ name: 'call:queued', callId: 'a', channelId: 'a', queue: 'support', position: 1, callerNumber: '1', callerName: '', at: '2026-11-30T10:00:00Z' }, () => null);
    book.apply({ name: 'call:answered', callId: 'a', queue: 'support', interface: 'PJSIP/1001', memberName: '', holdSeconds: 4, ringSeconds: 1, at: '2026-11-30T10:00:04Z' }, () => 7);
    book.merge(book.day, [call({ id: 'a', outcome: 'in_progress', answeredAt: null, holdSeconds: null, wrapUpSeconds: 12 })]);
    const [only] = book.all();
    expect(book.all()).toHaveLength(1);
    expect(only).toMatchObject({ outcome: 'answered', agentUserId: 7, holdSeconds: 4, wrapUpSeconds: 12 });
  });

  it('when a call joined before midnight, then its later events do not count it today', () => {
    const book = new TodayBook();
    book.roll(new Date('2026-11-30T22:00:01Z'));
    const queued = book.apply({ name: 'call:queued', callId: 'b', channelId: 'b', queue: 'support', position: 1, callerNumber: '1', callerName: '', at: '2026-11-30T21:59:59Z' }, () => null);
    expect(queued).toBe(false);
    expect(book.all()).toEqual([]);
  });
});
