import { houseInRanges, parseBuildings, type BuildingRange } from '../addresses/buildings';
import { normaliseAddress, parseStreet } from '../addresses/normalise';
import { currentName } from '../addresses/renames';
import { sameStreetNames, type StreetName } from '../addresses/street-names';
import type { CardOutage } from '../realtime/contract';

/** An outage as stored: the rows the index is built from. */
export interface OutageRow {
  id: number;
  kind: string;
  planned: boolean;
  districtCode: string | null;
  addresses: { street: string; buildings: string | null }[];
  executorId: number | null;
  startsAt: string;
  expectedEndAt: string | null;
  text: string;
  incidentId: number | null;
}

interface Street {
  name: StreetName;
  /** null: the whole street. */
  ranges: BuildingRange[] | null;
}

interface Compiled {
  row: OutageRow;
  startsAt: number;
  streets: Street[];
}

/** Where a caller lives, as the card knows it. */
export interface Place {
  address: string | null;
  district: string | null;
}

const lastWord = (name: StreetName) => name.street.slice(name.street.lastIndexOf(' ') + 1);

export const cardOutage = (r: OutageRow): CardOutage => ({
  id: r.id, kind: r.kind, planned: r.planned, startsAt: r.startsAt, expectedEndAt: r.expectedEndAt, text: r.text, incidentId: r.incidentId,
});

/**
 * The outages not closed yet, held in memory and matched against a caller's address without asking the database:
 * the pop's card needs no second round trip. Streets are compared by their current names (after renamings), so an
 * address under a street's old name matches an outage under its new one and the other way round.
 */
export function createOutageIndex() {
  let byWord = new Map<string, Compiled[]>();
  let districtWide: Compiled[] = [];
  let all: Compiled[] = [];

  function compile(row: OutageRow): Compiled {
    const streets: Street[] = [];
    for (const a of row.addresses) {
      const name = parseStreet(a.street);
      if (!name) continue;
      const parsed = a.buildings ? parseBuildings(a.buildings) : null;
      // Stored rows were checked when written; an unreadable one matches nothing rather than the whole street.
      if (parsed && !parsed.ok) continue;
      streets.push({ name: currentName(name), ranges: parsed ? parsed.ranges : null });
    }
    return { row, startsAt: Date.parse(row.startsAt), streets };
  }

  function inside(o: Compiled, place: Place, at: number): boolean {
    if (o.startsAt > at) return false;
    // A district that is not the caller's rules the outage out: a street name may repeat across a city's districts.
    if (o.row.districtCode && place.district && place.district !== o.row.districtCode) return false;
    if (o.row.addresses.length === 0) return o.row.districtCode !== null && place.district === o.row.districtCode;
    const home = place.address ? normaliseAddress(place.address) : null;
    if (!home) return false; // an address we cannot read matches nothing: never a wrong outage
    const street = currentName(home);
    return o.streets.some((s) => sameStreetNames(s.name, street) && (s.ranges === null || houseInRanges(home.house, s.ranges)));
  }

  return {
    /** Replaces the index with these rows (the outages not closed). */
    load(rows: OutageRow[]): void {
      const nextByWord = new Map<string, Compiled[]>();
      const nextDistrict: Compiled[] = [];
      all = rows.map(compile);
      for (const c of all) {
        if (c.row.addresses.length === 0) nextDistrict.push(c);
        for (const word of new Set(c.streets.map((s) => lastWord(s.name)))) nextByWord.set(word, [...(nextByWord.get(word) ?? []), c]);
      }
      byWord = nextByWord;
      districtWide = nextDistrict;
    },

    /** The active outages (started, not closed) at this place, the most recently started first. */
    match(place: Place, at = Date.now()): CardOutage[] {
      const home = place.address ? normaliseAddress(place.address) : null;
      const candidates = [...districtWide, ...(home ? byWord.get(lastWord(currentName(home))) ?? [] : [])];
      return candidates
        .filter((o) => inside(o, place, at))
        .sort((a, b) => b.startsAt - a.startsAt || b.row.id - a.row.id)
        .map((o) => cardOutage(o.row));
    },

    /** The rows held (for the request form's match and the tests). */
    rows(): OutageRow[] {
      return all.map((c) => c.row);
    },

    get size(): number {
      return all.length;
    },
  };
}
export type OutageIndex = ReturnType<typeof createOutageIndex>;
