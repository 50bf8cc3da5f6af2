import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Spellings remembered: a busy day's callers and waiting lists, bounded against a flood of new ones. */
const REMEMBERED = 20_000;
/** Longer texts are no phone spelling worth remembering (a search box, a fuzzer's megabyte). */
const REMEMBERED_LENGTH = 40;
const remembered = new Map<string, string | null>();

/**
 * Any Ukrainian spelling of a number (0671234567, 380671234567, +38 (067) 123-45-67) as E.164, or null when
 * it is not a phone number at all. Withheld caller IDs (`<unknown>`, `anonymous`) are not numbers.
 * The same caller's number is read on every event of their call and on every supervisors' picture while they
 * wait, and libphonenumber's parse was the live path's largest own cost (bench:pop): answers are remembered.
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  const key = raw ?? '';
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const answer = parsePhone(key);
  if (key.length > REMEMBERED_LENGTH) return answer;
  // Whole-map reset when full: cheaper than an LRU's bookkeeping on every read, and refilled within seconds.
  if (remembered.size >= REMEMBERED) remembered.clear();
  // A copy of the key: a short value sliced from a long text (an imported file) would keep all of that alive.
  remembered.set((' ' + key).slice(1), answer);
  return answer;
}

function parsePhone(raw: string): string | null {
  const text = raw.trim();
  if (!/\d/.test(text)) return null;
  const digits = text.replace(/[^\d+]/g, '');
  // 380… without the plus is how trunks often send Ukrainian numbers.
  const candidate = /^380\d{9}$/.test(digits) ? `+${digits}` : /^00/.test(digits) ? `+${digits.slice(2)}` : text;
  const parsed = parsePhoneNumberFromString(candidate, 'UA');
  return parsed?.isPossible() ? parsed.number : null;
}

/** How a trunk wants a number written: `national` (0671234567; abroad 00…), `international` (380671234567), `e164`. */
export type NumberFormat = 'national' | 'international' | 'e164';

export function dialledNumber(e164: string, format: NumberFormat): string {
  if (format === 'e164') return e164;
  if (format === 'international') return e164.slice(1);
  return e164.startsWith('+380') ? `0${e164.slice(4)}` : `00${e164.slice(1)}`;
}
