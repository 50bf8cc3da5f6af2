import { normalisePhone } from '../phones';

const WITHHELD = /^(<unknown>|unknown|anonymous|restricted|private|<anonymous>)?$/i;

/** The number to look the caller up by: E.164, or null when withheld or not a phone number. */
export const lookupNumber = (raw: string | null | undefined): string | null => normalisePhone(raw);

/** The number to show and log: E.164 when it is one, the raw digits otherwise (an extension), null when withheld. */
export function displayNumber(raw: string | null | undefined): string | null {
  const text = (raw ?? '').trim();
  if (WITHHELD.test(text)) return null;
  return normalisePhone(text) ?? text.slice(0, 32);
}
