import { AppError } from './http/errors';

/** Ukrainian numbers only, unless `DIAL_ALLOWED_PREFIXES` says otherwise: a dialled premium or foreign number is toll fraud. */
export const DEFAULT_DIAL_PREFIXES: readonly string[] = ['+380'];

/**
 * `DIAL_ALLOWED_PREFIXES` (`+380,+48`): E.164 prefixes our own calls may dial; `+` alone allows every number.
 * Spaces and dashes inside a prefix are ignored; anything that is not `+` and digits is refused at start.
 */
export function parseDialPrefixes(raw: string | undefined): string[] {
  if (raw === undefined || !raw.trim()) return [...DEFAULT_DIAL_PREFIXES];
  return raw.split(',').map((p) => p.replace(/[\s-]/g, '')).filter(Boolean).map((p) => {
    if (!/^\+\d*$/.test(p)) throw new Error(`DIAL_ALLOWED_PREFIXES: "${p}" is not an E.164 prefix (+380, +48 …)`);
    return p;
  });
}

/** Refuses an outgoing call (click-to-call, a consultation's ad-hoc leg) to a number outside the allowed prefixes. */
export function assertDialAllowed(e164: string, prefixes: readonly string[]): void {
  if (prefixes.some((p) => e164.startsWith(p))) return;
  throw new AppError(400, 'destination_not_allowed', `Calls to ${e164} are not allowed from here: only numbers starting with ${prefixes.join(', ')}.`, {
    number: `outside the allowed destinations (${prefixes.join(', ')})`,
  });
}
