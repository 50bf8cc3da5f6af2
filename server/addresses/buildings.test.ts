import { describe, expect, it } from 'vitest';
import { houseInRanges, parseBuildings } from './buildings';

describe('building ranges of an outage', () => {
  it.each([
    ['12', [{ from: 12, to: 12, parity: 'all' }]],
    ['1-25', [{ from: 1, to: 25, parity: 'all' }]],
    ['1-25 odd', [{ from: 1, to: 25, parity: 'odd' }]],
    ['2-30 even', [{ from: 2, to: 30, parity: 'even' }]],
    ['1–25 непарні, 40', [{ from: 1, to: 25, parity: 'odd' }, { from: 40, to: 40, parity: 'all' }]],
  ])('when the houses are "%s", then they read as %j', (text, ranges) => {
    expect(parseBuildings(text)).toEqual({ ok: true, ranges });
  });

  it.each(['1-25 od', '25-1', 'abc', '1-', '0', '2-30 odd', '1-25 odd, x'])('when the houses are "%s", then the part is named, never guessed', (text) => {
    const parsed = parseBuildings(text);
    expect(parsed.ok).toBe(false);
  });

  it('when a house is 7, 7а or 7к2, then "1-25 odd" holds it and "2-30 even" does not', () => {
    const odd = (parseBuildings('1-25 odd') as { ok: true; ranges: never }).ranges;
    const even = (parseBuildings('2-30 even') as { ok: true; ranges: never }).ranges;
    for (const house of ['7', '7а', '7к2', '7/2']) {
      expect(houseInRanges(house, odd)).toBe(true);
      expect(houseInRanges(house, even)).toBe(false);
    }
    expect(houseInRanges('27', odd)).toBe(false);
  });
});
