import type { Token } from './tokens';
import { LOCALITY_MARKERS, REGION_WORDS, STREET_KINDS } from './vocabulary';

export const streetKindOf = (t: Token | undefined): string | null =>
  t?.kind === 'word' && Object.hasOwn(STREET_KINDS, t.text) ? STREET_KINDS[t.text] : null;

function segments(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'sep') out.push([]);
    else out[out.length - 1].push(t);
  }
  return out;
}

const isPlace = (segment: Token[]): boolean =>
  (segment[0]?.kind === 'word' && LOCALITY_MARKERS.has(segment[0].text)) ||
  segment.some((t) => t.kind === 'word' && REGION_WORDS.has(t.text)) ||
  (segment.length === 1 && segment[0].kind === 'num' && segment[0].text.length === 5);

/**
 * The tokens from the street on: a postcode, region and town written before it ("49000, м. Кривий Ріг,
 * вул. …") are not part of the address people compare. A street kind, where there is one, marks the street.
 */
export function fromStreet(tokens: Token[]): Token[] {
  const parts = segments(tokens);
  const kindPart = parts.findIndex((s) => s.some((t) => streetKindOf(t) !== null));
  if (kindPart >= 0) {
    const part = parts[kindPart];
    // "м. Кривий Ріг вул. Шевченка" with no comma: the street starts at its kind.
    const from = isPlace(part) ? part.findIndex((t) => streetKindOf(t) !== null) : 0;
    return joinFrom(parts, kindPart, from);
  }
  let first = 0;
  while (first < parts.length - 1 && isPlace(parts[first])) first++;
  return joinFrom(parts, first, 0);
}

function joinFrom(parts: Token[][], part: number, offset: number): Token[] {
  return [...parts[part].slice(offset), ...parts.slice(part + 1).flat()];
}
