import type { DataSource } from 'typeorm';
import { executorRatings, type RatingRow } from './ratings.repository';
import type { RatingSort, RatingsQuery } from './ratings.schemas';

const DAY_MS = 86_400_000;
const kyivDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' }).format(at);

/** Nulls (nothing to rate yet) go last whichever way the column is sorted; ties by code. */
function compare(sort: RatingSort, order: 'asc' | 'desc') {
  const sign = order === 'asc' ? 1 : -1;
  return (a: RatingRow, b: RatingRow): number => {
    const x = a[sort];
    const y = b[sort];
    if (x === null || y === null) return x === y ? a.code.localeCompare(b.code) : x === null ? 1 : -1;
    const c = typeof x === 'string' ? x.localeCompare(String(y), 'uk') : x - (y as number);
    return c !== 0 ? sign * c : a.code.localeCompare(b.code);
  };
}

/** The executors' ratings for a period of Kyiv days (the last 30 by default), sorted as asked. */
export async function ratings(dataSource: DataSource, q: RatingsQuery, now = new Date()) {
  const to = q.to ?? kyivDate(now);
  const from = q.from ?? kyivDate(new Date(Date.parse(`${to}T12:00:00Z`) - 29 * DAY_MS));
  const items = (await executorRatings(dataSource, from, to, now)).sort(compare(q.sort, q.order));
  return { from, to, sort: q.sort, order: q.order, items };
}

/** The least effective first (item 4.5 of the seed decision): most overdue, then the lowest share on time. */
export async function leastEffective(dataSource: DataSource, now: Date, limit = 10) {
  const { from, to, items } = await ratings(dataSource, { sort: 'onTimePercent', order: 'asc' }, now);
  const ranked = items
    .filter((r) => r.overdue > 0 || (r.onTimePercent !== null && r.onTimePercent < 100))
    .sort((a, b) => b.overdue - a.overdue || (a.onTimePercent ?? 100) - (b.onTimePercent ?? 100) || a.code.localeCompare(b.code));
  return { from, to, items: ranked.slice(0, limit) };
}
