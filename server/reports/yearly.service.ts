import type { DataSource } from 'typeorm';
import { fromKyivWallClock } from '../imports/kyiv-time';
import { changePercent, ordered, pair, percentOf, sumBy, add } from './rollup';
import { RESULT_CODES, table1, table2, table3 } from './state-form';
import { createYearlyRepository, FLAG_NAMES, type CubeRow, type Period } from './yearly.repository';

export interface YearlyQuery {
  year: number;
  addressee?: string;
}

/** Flags with their split by source; a flag seen in neither year is left out. */
function flagsOf(rows: CubeRow[]) {
  return FLAG_NAMES.map((flag) => {
    const bySource = sumBy(rows, (r) => r.source, (r) => r.flags[flag]);
    const all = [...bySource.values()].reduce((p, v) => ({ current: p.current + v.current, previous: p.previous + v.previous }), pair());
    return { flag, ...all, bySource: Object.fromEntries(bySource) };
  }).filter((f) => f.current + f.previous > 0);
}

function monthsOf(rows: { cur: boolean; month: number; n: number }[]) {
  const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...pair() }));
  for (const r of rows) add(months[r.month - 1], r.cur, r.n);
  return months;
}

/**
 * The city's yearly report (the executive committee's decision) for a year and the one before, counted by
 * `received_at` in Kyiv: appeals by addressee, source, topic, flags, subject and result; service requests;
 * consultations; and the state statistical form's three tables.
 */
export async function yearlyReport(dataSource: DataSource, q: YearlyQuery) {
  const monthStarts = Array.from({ length: 25 }, (_, i) => fromKyivWallClock(q.year - 1 + Math.floor(i / 12), (i % 12) + 1, 1)!);
  const period: Period = { from: monthStarts[0], mid: monthStarts[12], to: monthStarts[24], addressee: q.addressee ?? null, monthStarts };
  const repo = createYearlyRepository(dataSource);
  const [cube, months, serviceRequests, consultations, names] = await Promise.all([
    repo.cube(period), repo.months(period), repo.serviceRequests(period), repo.consultations(period), repo.names(),
  ]);
  const appeals = sumBy(cube, () => 'all', (r) => r.n).get('all') ?? pair();
  const byResult = sumBy(cube, (r) => (r.result ? RESULT_CODES[r.result] ?? null : null), (r) => r.n);
  return {
    year: q.year,
    previousYear: q.year - 1,
    scope: { addressee: q.addressee ?? null },
    appeals: { ...appeals, changePercent: changePercent(appeals) },
    byAddressee: ordered(sumBy(cube, (r) => r.addressee, (r) => r.n), 'addressee'),
    bySource: ordered(sumBy(cube, (r) => r.source, (r) => r.n), 'source'),
    byTopic: ordered(sumBy(cube, (r) => r.topic, (r) => r.n), 'code').map((t) => ({
      code: t.code, name: names.topics.get(t.code) ?? t.code, current: t.current, previous: t.previous, percent: percentOf(t.current, appeals.current),
    })),
    flags: flagsOf(cube),
    bySubject: ordered(sumBy(cube, (r) => r.subject, (r) => r.n), 'subject'),
    byResult: [...byResult.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([result, v]) => ({ result, ...v })),
    byMonth: monthsOf(months),
    serviceRequests,
    consultations,
    form: { table1: table1(cube), table2: table2(cube), table3: table3(cube, names.groups) },
  };
}
export type YearlyReport = Awaited<ReturnType<typeof yearlyReport>>;
