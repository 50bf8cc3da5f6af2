/** A count in the report's year and the one before. */
export interface Pair {
  current: number;
  previous: number;
}

export const pair = (): Pair => ({ current: 0, previous: 0 });

/** Adds `n` to the right year of the pair. */
export function add(p: Pair, cur: boolean, n: number): Pair {
  if (cur) p.current += n;
  else p.previous += n;
  return p;
}

/** Sums rows by a key; keys with zero in both years never appear (the report lists non-zero values only). */
export function sumBy<R extends { cur: boolean }>(rows: R[], key: (r: R) => string | null, n: (r: R) => number): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const r of rows) {
    const k = key(r);
    const v = n(r);
    if (k === null || v === 0) continue;
    add(out.get(k) ?? out.set(k, pair()).get(k)!, r.cur, v);
  }
  return out;
}

/** Most of this year first, then last year's, then by name: the order the decision reads in. */
export function ordered<K extends string>(map: Map<string, Pair>, name: K): ({ [P in K]: string } & Pair)[] {
  return [...map.entries()]
    .sort(([a, x], [b, y]) => y.current - x.current || y.previous - x.previous || a.localeCompare(b))
    .map(([k, v]) => ({ [name]: k, ...v }) as { [P in K]: string } & Pair);
}

/** To 0.1, halves away from zero (−6.25 % is −6.3 %, as a person rounding the decision's figures would). */
const round1 = (x: number): number => (Math.sign(x) * Math.round(Math.abs(x) * 10 + 1e-9)) / 10;

/** Percent rounded to 0.1; null when there is nothing to compare with. */
export function changePercent(p: Pair): number | null {
  return p.previous === 0 ? null : round1(((p.current - p.previous) / p.previous) * 100);
}

export const percentOf = (part: number, whole: number): number => (whole === 0 ? 0 : round1((part / whole) * 100));
