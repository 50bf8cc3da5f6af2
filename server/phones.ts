import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Any Ukrainian spelling of a number (0671234567, 380671234567, +38 (067) 123-45-67) as E.164, or null when
 * it is not a phone number at all. Withheld caller IDs (`<unknown>`, `anonymous`) are not numbers.
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  const text = (raw ?? '').trim();
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
