import { fold } from './fold';
import type { NormalisedAddress } from './normalise';

type Range = { start: number; end: number; with: string };

const LETTER = String.raw`(?:\s*-?\s*[а-яі](?![а-яі']))?`;
const MARKER = String.raw`(?:кв-ра|квартир[а-яі]*|кв|квар|кімн[а-яі]*)`;
// After a house number: "/64", "-64", "кв. 64", "к. 64", "№ 64", or a bare "64" that does not count floors or days.
const AFTER_HOUSE = [
  new RegExp(String.raw`^\s*[/\\-]\s*\d+${LETTER}`),
  new RegExp(String.raw`^[\s,;]*(?:${MARKER}|к|арт)\.?\s*(?:№\s*)?\d+${LETTER}`),
  new RegExp(String.raw`^[\s,;]*№\s*\d+${LETTER}`),
  new RegExp(String.raw`^[\s,;]+\d+(?!\d|[.,:]\d)(?!\s*-?\s*[а-яі]{0,2}\s*(?:поверх|пов|під|год|хв|дн|раз|рок|м\b|см|мм|л\b|грн|%|шт))`),
];
// "кв. 87", "квартира № 87", "у квартирі 87" anywhere; "у 87-й квартирі" with the number first.
const MARKED_FLAT = new RegExp(String.raw`(?<![а-яa-zі'])${MARKER}\.?\s*(?:№\s*)?(\d+${LETTER})`, 'g');
// An ordinal ("87-ої квартири") is a flat in any case; a bare number only before the singular ("у 3 квартирах",
// "3 квартири" count flats).
const NUMBER_BEFORE_FLAT = /(?<![\d/])\d+(?:\s*-\s*[а-яі]{1,3}(?=\s+квартир)|(?=\s+квартир(?:а|і|у|ою)(?![а-яі])))/g;

const NUMBER = /\d+/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where the home's house number is written after its street (or "буд."), and the flat that follows it. */
function homeMentions(folded: string, home: NormalisedAddress): Range[] {
  const [, digits, tail] = /^(\d+)(.*)$/.exec(home.house) ?? [];
  if (!digits) return [];
  const streetWord = home.street.split(' ').filter((w) => !/^\d/.test(w)).pop() ?? '';
  const stem = streetWord.slice(0, Math.max(3, streetWord.length - 2));
  const fraction = /\/(\d+)/.exec(tail ?? '')?.[1];
  const out: Range[] = [];
  for (const m of folded.matchAll(NUMBER)) {
    if (m[0] !== digits || folded[m.index - 1] === '/') continue;
    const before = folded.slice(Math.max(0, m.index - 40), m.index);
    if (!(stem && before.replaceAll("'", '').includes(stem)) && !/(?<![а-яі])(?:буд|будинок|будинку|д)\.?\s*(?:№\s*)?$/.test(before)) continue;
    let at = m.index + digits.length;
    // The house's own letter ("15а") and fraction ("12/2") stay; "к" before a number is a flat.
    const letter = /^\s*-?\s*[а-яі](?![а-яі'])(?![.\s]*(?:№\s*)?\d)/.exec(folded.slice(at));
    if (letter) at += letter[0].length;
    const own = fraction && new RegExp(String.raw`^\s*/\s*${escape(fraction)}(?!\d)`).exec(folded.slice(at));
    if (own) at += own[0].length;
    for (const re of AFTER_HOUSE) {
      const f = re.exec(folded.slice(at));
      if (f) {
        out.push({ start: at, end: at + f[0].length, with: '' });
        break;
      }
    }
  }
  return out;
}

/** Flats written anywhere: after a house number they go with their comma; in a sentence the number becomes "…". */
function everyFlat(folded: string): Range[] {
  const out: Range[] = [];
  for (const m of folded.matchAll(MARKED_FLAT)) {
    const inAddress = /\d[а-яі]?\s*[,;]?\s*$/.test(folded.slice(Math.max(0, m.index - 6), m.index));
    if (inAddress) {
      let start = m.index;
      while (start > 0 && /[\s,;]/.test(folded[start - 1])) start--;
      out.push({ start, end: m.index + m[0].length, with: '' });
    } else {
      const numberAt = m.index + m[0].length - m[1].length;
      out.push({ start: numberAt, end: m.index + m[0].length, with: '…' });
    }
  }
  for (const m of folded.matchAll(NUMBER_BEFORE_FLAT)) out.push({ start: m.index, end: m.index + m[0].length, with: '…' });
  return out;
}

function apply(text: string, ranges: Range[]): string {
  let out = text;
  let last = Infinity;
  for (const r of [...ranges].sort((a, b) => b.start - a.start || b.end - a.end)) {
    if (r.end > last) continue; // overlaps one already cut
    out = out.slice(0, r.start) + r.with + out.slice(r.end);
    last = r.start;
  }
  return out;
}

/**
 * `text` without the flat of any of `homes` where it follows their house number, in any spelling; with
 * `all`, also without every flat written as one ("кв. 5", "квартира № 5", "у 5-й квартирі").
 */
export function cutFlats(text: string, homes: NormalisedAddress[], all: boolean): string {
  let out = text;
  for (const home of homes) out = apply(out, homeMentions(fold(out), home));
  if (all) out = apply(out, everyFlat(fold(out)));
  return out;
}
