import { fold } from './fold';
import { currentName } from './renames';
import { fromStreet, streetKindOf } from './street';
import { sameStreetNames, type StreetName } from './street-names';
import { tokenise, type Token } from './tokens';
import { HOUSE_MARKERS, isFlatMarker, KORPUS_MARKERS, NAME_FILLERS, OTHER_MARKERS } from './vocabulary';

/** An address as compared: "вул. Т. Шевченка, буд. 12-А, кв. 5" → { вул, шевченка, 12а, 5 }. */
export interface NormalisedAddress {
  /** The kind of street in one spelling ("вул", "просп", "бульв"); null when none is written. */
  kind: string | null;
  /** The street's name, folded, without initials, "імені" or apostrophes. */
  street: string;
  /** The house with its letter, section or fraction: "12а", "12к2", "12/2". */
  house: string;
  flat: string | null;
}

/** Also where the flat (and a room after it) was written, as positions in the text as typed. */
export interface ParsedAddress extends NormalisedAddress {
  flatSpans: [number, number][];
}

interface Cursor {
  tokens: Token[];
  i: number;
}

const word = (t: Token | undefined, set: Set<string>): boolean => t?.kind === 'word' && set.has(t.text);
const isLetter = (t: Token | undefined): boolean => t?.kind === 'word' && t.text.length === 1;

/** A number and the letter written after it ("7а", "7 а", "7-а"), but not "к" that starts "к. 5". */
function numberAt(c: Cursor): { value: string; end: number } {
  const n = c.tokens[c.i++];
  let value = n.text;
  let end = n.end;
  const dashed = c.tokens[c.i]?.kind === 'dash' ? 1 : 0;
  const letter = c.tokens[c.i + dashed];
  const startsFlat = isFlatMarker(letter?.text ?? '') && c.tokens[c.i + dashed + 1]?.kind === 'num';
  if (isLetter(letter) && !startsFlat && !(dashed === 0 && letter.start - end > 1)) {
    value += letter.text;
    end = letter.end;
    c.i += dashed + 1;
  }
  return { value, end };
}

/** The street's name and kind; leaves the cursor on the house number. */
function street(c: Cursor): { kind: string | null; name: string[] } {
  let kind: string | null = null;
  const name: string[] = [];
  let houseNext = false;
  for (; c.i < c.tokens.length; c.i++) {
    const t = c.tokens[c.i];
    if (t.kind === 'num') {
      // "вул. 8 Березня, 12": a number before any word of the name is part of the name.
      if (name.some((w) => !/^\d/.test(w)) || houseNext) break;
      name.push(t.text);
    } else if (t.kind === 'word') {
      const k = streetKindOf(t);
      if (k && kind === null) kind = k;
      else if (HOUSE_MARKERS.has(t.text) && name.length > 0) houseNext = true;
      else if (!NAME_FILLERS.has(t.text) && t.text.length > 1) name.push(t.text);
    }
  }
  return { kind, name };
}

/** Is the number at `i` a floor or an entrance ("3 поверх", "2-й під'їзд")? */
function countsSomethingElse(tokens: Token[], i: number): boolean {
  return tokens.slice(i + 1, i + 4).some((t) => word(t, OTHER_MARKERS));
}

// A list or an export views thousands of rows, and each row compares and cuts the same two addresses.
const parsed = new Map<string, Readonly<ParsedAddress> | null>();
const PARSED_KEPT = 5_000;

/** Parses an address as people type it; null when it has no house number to compare. Do not change the answer. */
export function parseAddress(text: string): Readonly<ParsedAddress> | null {
  let p = parsed.get(text);
  if (p === undefined) {
    if (parsed.size >= PARSED_KEPT) parsed.clear();
    p = parse(text);
    parsed.set(text, p);
  }
  return p;
}

function parse(text: string): ParsedAddress | null {
  const c: Cursor = { tokens: fromStreet(tokenise(text)), i: 0 };
  const { kind, name } = street(c);
  if (c.i >= c.tokens.length || name.length === 0) return null;
  const rest = c.tokens.slice(c.i + 1);
  // With a flat written as such, "12/2" and "12-2" are the house (a corner building); without, they are house/flat.
  const markedFlat = rest.some((t, k) => t.kind === 'word' && isFlatMarker(t.text) && rest[k + 1]?.kind !== 'word');
  let house = numberAt(c).value;
  let flat: string | null = null;
  const flatSpans: [number, number][] = [];
  const take = (start: number) => {
    const n = numberAt(c);
    flat ??= n.value;
    flatSpans.push([start, n.end]);
  };
  while (c.i < c.tokens.length) {
    const t = c.tokens[c.i];
    const next = c.tokens[c.i + 1];
    if ((t.kind === 'slash' || t.kind === 'dash') && next?.kind === 'num' && flat === null && flatSpans.length === 0) {
      c.i++;
      if (markedFlat) house += `/${numberAt(c).value}`;
      else take(t.start);
    } else if (word(t, KORPUS_MARKERS) && next?.kind === 'num') {
      c.i++;
      house += `к${numberAt(c).value}`;
    } else if (t.kind === 'word' && isFlatMarker(t.text) && (next?.kind === 'num' || (next?.kind === 'numero' && c.tokens[c.i + 2]?.kind === 'num'))) {
      c.i += next.kind === 'numero' ? 2 : 1;
      take(t.start);
    } else if (t.kind === 'numero' && next?.kind === 'num' && flat === null) {
      c.i++;
      take(t.start);
    } else if (t.kind === 'num' && flat === null && !markedFlat && !countsSomethingElse(c.tokens, c.i)) {
      take(t.start);
    } else if (word(t, OTHER_MARKERS) && next?.kind === 'num') {
      c.i += 2;
    } else c.i++;
  }
  return { kind, street: name.join(' '), house, flat, flatSpans };
}

export function normaliseAddress(text: string | null | undefined): NormalisedAddress | null {
  const p = text ? parseAddress(text) : null;
  return p && { kind: p.kind, street: p.street, house: p.house, flat: p.flat };
}

/** A street as written without a house: "вул. Т. Шевченка" → { вул, шевченка }; null when no name is left. */
export function parseStreet(text: string): StreetName | null {
  const c: Cursor = { tokens: fromStreet(tokenise(text)), i: 0 };
  const { kind, name } = street(c);
  return name.length === 0 ? null : { kind, street: name.join(' ') };
}

/** Names the same street by its name before or after a renaming ("вул. Лермонтова" is the renamed street too). */
export function sameStreetName(a: StreetName, b: StreetName): boolean {
  return sameStreetNames(currentName(a), currentName(b));
}

const plain = (text: string) => fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Same street and house, however each was typed. */
export function sameBuilding(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const [x, y] = [normaliseAddress(a), normaliseAddress(b)];
  if (!x || !y) return plain(a) === plain(b);
  return sameStreetName(x, y) && x.house === y.house;
}

/**
 * Is `address` the home `home` names? The same building, and the same flat or a flat left out on either side
 * (a request for the building, or a card that never had the flat).
 */
export function sameHome(address: string | null | undefined, home: string | null | undefined): boolean {
  if (!address || !home) return false;
  const [x, y] = [normaliseAddress(address), normaliseAddress(home)];
  if (!x || !y) return plain(address) === plain(home);
  return sameStreetName(x, y) && x.house === y.house && (x.flat === null || y.flat === null || x.flat === y.flat);
}

/** The address as typed, without its flat (and a room after it): "вул. Гетьманська, 41, кв. 87" → "вул. Гетьманська, 41". */
export function withoutFlat(text: string): string {
  const p = parseAddress(text);
  if (!p || p.flatSpans.length === 0) return text;
  let out = text;
  for (const [start, end] of [...p.flatSpans].sort((a, b) => b[0] - a[0])) {
    let from = start;
    while (from > 0 && /[\s,;]/.test(out[from - 1])) from--;
    out = out.slice(0, from) + out.slice(end);
  }
  return out.replace(/^[\s,;]+|[\s,;]+$/g, '');
}
