/** Which side of a street: "1-25 odd" is 1, 3, … 25. */
export type Parity = 'all' | 'odd' | 'even';

/** Houses from `from` to `to` (both included) of one parity; one house is a range of one. */
export interface BuildingRange {
  from: number;
  to: number;
  parity: Parity;
}

const PARITY_WORDS: Record<string, Parity> = {
  odd: 'odd', even: 'even', 'непарні': 'odd', 'парні': 'even', 'непарна': 'odd', 'парна': 'even', 'н': 'odd', 'п': 'even',
};
// "12", "1-25", "1–25 odd", "2-30 парні": a number, or two with a dash and a side written after them.
const PART = /^(\d{1,4})\s*(?:[-–—]\s*(\d{1,4})\s*([\p{L}.]+)?)?$/u;
const MAX_HOUSE = 9999;

export type BuildingsParse = { ok: true; ranges: BuildingRange[] } | { ok: false; part: string; why: string };

/**
 * Reads the houses of an outage: "12", "1-25", "1-25 odd", "2-30 even", or a comma list of these. A part it
 * cannot read is named (never guessed), so the author fixes it rather than cutting off the wrong houses.
 */
export function parseBuildings(text: string): BuildingsParse {
  const parts = text.split(/[,;]/).map((p) => p.trim());
  const ranges: BuildingRange[] = [];
  for (const part of parts) {
    const m = PART.exec(part);
    if (!m) return { ok: false, part, why: 'is not a house number or a range such as 1-25, 1-25 odd, 2-30 even' };
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    const word = m[3]?.toLowerCase().replace(/\.$/, '');
    const parity = word === undefined ? 'all' : PARITY_WORDS[word];
    if (!parity) return { ok: false, part, why: `"${m[3]}" is neither odd nor even` };
    if (from < 1 || to > MAX_HOUSE || to < from) return { ok: false, part, why: 'the range must go up from house 1' };
    if (parity !== 'all' && from % 2 !== (parity === 'odd' ? 1 : 0)) return { ok: false, part, why: `${from} is not ${parity}` };
    ranges.push({ from, to, parity });
  }
  return { ok: true, ranges };
}

/** Is the house ("12", "12а", "12к2", "12/2") inside one of the ranges? Its number decides; a letter is the same building plot. */
export function houseInRanges(house: string, ranges: readonly BuildingRange[]): boolean {
  const m = /^\d+/.exec(house);
  if (!m) return false;
  const n = Number(m[0]);
  return ranges.some((r) => n >= r.from && n <= r.to && (r.parity === 'all' || n % 2 === (r.parity === 'odd' ? 1 : 0)));
}

/** The ranges as people write them: "1–25 непарні" is for the console; this is for the API and the key. */
export function formatBuildings(ranges: readonly BuildingRange[]): string {
  return ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}${r.parity === 'all' ? '' : ` ${r.parity}`}`)).join(', ');
}
