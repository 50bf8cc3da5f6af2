import { describe, expect, it } from 'vitest';
import { QueueBook } from './queues';

// The day of each event is remembered by its local bounds (every queue event asks): the counters must still start
// again at local midnight, whichever way the events cross it, in whatever zone the tests run.
const local = (y: number, m: number, d: number, h: number, min = 0, s = 0) => new Date(y, m - 1, d, h, min, s).toISOString();
const today = (book: QueueBook, at: string) => book.snapshot(at, new Set())[0]!.today;

describe("a queue's counters for today", () => {
  it('when calls come just before and just after local midnight, then the new day starts from nothing and counts on', () => {
    const book = new QueueBook(60);
    book.countOffered('support', local(2026, 12, 7, 23, 59, 58));
    book.countOffered('support', local(2026, 12, 7, 23, 59, 59));
    expect(today(book, local(2026, 12, 7, 23, 59, 59))).toMatchObject({ date: '2026-12-07', offered: 2 });
    book.countOffered('support', local(2026, 12, 8, 0, 0, 1));
    book.countOffered('support', local(2026, 12, 8, 12));
    expect(today(book, local(2026, 12, 8, 12))).toMatchObject({ date: '2026-12-08', offered: 2 });
  });

  it('when the days come and go in any order (a second queue, a late event, the end of a month and of a year), then each is counted as its own', () => {
    const book = new QueueBook(60);
    book.countOffered('support', local(2026, 12, 31, 22));
    book.countOffered('other', local(2027, 1, 1, 0, 30));
    book.countOffered('support', local(2026, 12, 31, 23));
    book.countOffered('support', local(2026, 12, 31, 23, 30));
    // (A snapshot rolls every queue to its day: none is taken while the late events come.)
    book.countAnswered('support', local(2027, 1, 1, 1), 5);
    expect(book.snapshot(local(2027, 1, 1, 1), new Set()).map((q) => [q.name, q.today.date, q.today.offered, q.today.answered])).toEqual([
      ['support', '2027-01-01', 0, 1],
      ['other', '2027-01-01', 1, 0],
    ]);
    book.countOffered('support', local(2027, 2, 28, 23, 59, 59));
    book.countOffered('support', local(2027, 3, 1, 0, 0, 0));
    expect(today(book, local(2027, 3, 1, 0, 0, 0))).toMatchObject({ date: '2027-03-01', offered: 1 });
  });
});
