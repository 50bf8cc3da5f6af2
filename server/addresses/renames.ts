import { sameStreetNames, type StreetName } from './street-names';

/** One renaming: the street once called `from` is now `to` (both already normalised). */
export interface StreetRename {
  from: StreetName;
  to: StreetName;
}

// Reference data (the table street_renames), set by whoever reads it; the normaliser is synchronous.
let renames: readonly StreetRename[] = [];

/** Replaces the renamings the normaliser follows (at start, and when an admin edits the table). */
export function setStreetRenames(list: readonly StreetRename[]): void {
  renames = [...list];
}

/** How many renamings a name may go through (renamed twice: 1970s → 1991 → 2016); bounds a cycle typed by mistake. */
const MAX_STEPS = 4;

/**
 * The street's current name: an old name becomes the new one, so both spellings compare equal. A name that is
 * the old name of nothing stays as it is.
 */
export function currentName(name: StreetName): StreetName {
  let current = name;
  for (let step = 0; step < MAX_STEPS; step++) {
    const hit = renames.find((r) => sameStreetNames(r.from, current) && !sameStreetNames(r.to, current));
    if (!hit) break;
    current = { kind: hit.to.kind ?? current.kind, street: hit.to.street };
  }
  return current;
}
