import { normaliseAddress, withoutFlat } from '../../addresses/normalise';
import { currentName } from '../../addresses/renames';

/** A classified call of the last minutes, with the place it is about (the request's address, else the caller's home). */
export interface RecentCall {
  id: string;
  at: string;
  topicGroup: string;
  address: string | null;
  district: string | null;
}

export interface Burst {
  streetKey: string;
  street: string;
  buildings: string | null;
  topicGroup: string;
  district: string | null;
  calls: RecentCall[];
}

export interface SpikeThreshold {
  calls: number;
  minutes: number;
}
export const DEFAULT_THRESHOLD: SpikeThreshold = { calls: 5, minutes: 15 };

/** The street as the caller typed it, without the house and what follows ("вул. Лермонтова, 5, кв. 2" → "вул. Лермонтова"). */
function streetAsTyped(address: string): string {
  return withoutFlat(address).replace(/[\s,]*(буд(инок)?\.?\s*)?№?\s*\d+\S*\s*$/iu, '').trim();
}

function houses(calls: RecentCall[]): string | null {
  const numbers = calls.map((c) => Number(/^\d+/.exec(normaliseAddress(c.address)!.house)?.[0])).filter(Number.isFinite);
  if (numbers.length === 0) return null;
  const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
  return low === high ? `${low}` : `${low}-${high}`;
}

/**
 * Bursts: at least `calls` calls of one topic group from one street within the group's last `minutes`. Streets
 * compare by their current names, so a burst split between a street's old and new names is one burst. An address
 * the normaliser cannot read counts for nothing.
 */
export function findBursts(calls: RecentCall[], thresholdOf: (group: string) => SpikeThreshold, now: number): Burst[] {
  const groups = new Map<string, { street: string; calls: RecentCall[] }>();
  for (const call of calls) {
    const home = call.address ? normaliseAddress(call.address) : null;
    if (!home) continue;
    const key = `${call.topicGroup}\u0000${currentName(home).street}`;
    const group = groups.get(key) ?? { street: streetAsTyped(call.address!), calls: [] };
    group.calls.push(call);
    groups.set(key, group);
  }
  const bursts: Burst[] = [];
  for (const [key, group] of groups) {
    const [topicGroup, streetKey] = key.split('\u0000');
    const t = thresholdOf(topicGroup);
    const recent = group.calls.filter((c) => Date.parse(c.at) > now - t.minutes * 60_000).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    if (recent.length < t.calls) continue;
    bursts.push({ streetKey, street: group.street, buildings: houses(recent), topicGroup, district: recent.find((c) => c.district)?.district ?? null, calls: recent });
  }
  return bursts;
}
