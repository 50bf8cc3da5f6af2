import type { CubeRow } from './yearly.repository';
import { TABLE2_CATEGORIES } from './yearly.repository';
import { add, pair, sumBy, type Pair } from './rollup';

/** Results of consideration, classifier 858 items 9.1–9.6, by our result names. */
export const RESULT_CODES: Record<string, string> = {
  resolved: '9.1', refused: '9.2', explained: '9.3', forwarded: '9.4', returned: '9.5', stopped: '9.6',
};

const total = (rows: CubeRow[], keep: (r: CubeRow) => boolean = () => true, n: (r: CubeRow) => number = (r) => r.n): Pair =>
  rows.reduce((p, r) => (keep(r) ? add(p, r.cur, n(r)) : p), pair());

/**
 * Table 1 of the state form: all appeals, by post (1.1) and at personal reception (1.2), and the results;
 * "other" is all minus 9.1–9.3, as Kyiv and the published forms count it (open appeals fall there too).
 */
export function table1(rows: CubeRow[]) {
  const all = total(rows);
  const resolved = total(rows, (r) => r.result === 'resolved');
  const refused = total(rows, (r) => r.result === 'refused');
  const explained = total(rows, (r) => r.result === 'explained');
  return {
    all, post: total(rows, (r) => r.source === 'written'), personal: total(rows, (r) => r.source === 'personal'),
    resolved, refused, explained,
    other: { current: all.current - resolved.current - refused.current - explained.current, previous: all.previous - resolved.previous - refused.previous - explained.previous },
  };
}

/** Table 2: repeated (2.2), collective (5.2) and the applicant categories of section 7. */
export function table2(rows: CubeRow[]) {
  const categories = Object.fromEntries(TABLE2_CATEGORIES.map((c) => [c, total(rows, () => true, (r) => r.categories[c])]));
  return {
    all: total(rows), repeated: total(rows, () => true, (r) => r.flags.repeated), collective: total(rows, (r) => r.subject === 'collective'),
    ...categories,
  };
}

/**
 * Table 3: appeals by the classifier's topic groups, a row for all and one per source. The unit is the appeal
 * (each of ours has one topic), which is also the number of questions raised.
 */
export function table3(rows: CubeRow[], groupNames: Map<string, string>) {
  const byGroup = sumBy(rows, (r) => r.klas ?? '025', (r) => r.n);
  const columns = [...byGroup.keys()].sort().map((code) => ({ code, name: groupNames.get(code) ?? code }));
  const row = (label: string, keep: (r: CubeRow) => boolean) => {
    const part = rows.filter(keep);
    const cells = sumBy(part, (r) => r.klas ?? '025', (r) => r.n);
    return { row: label, all: total(part), cells: Object.fromEntries(columns.map((c) => [c.code, cells.get(c.code) ?? pair()])) };
  };
  const sources = [...sumBy(rows, (r) => r.source, (r) => r.n).keys()].sort();
  return { columns, rows: [row('all', () => true), ...sources.map((s) => row(s, (r) => r.source === s))] };
}
