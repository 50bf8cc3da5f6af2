import { z } from 'zod';

/** The largest PostgreSQL `integer`: every id column (and `version`) is one. */
export const INT4_MAX = 2_147_483_647;

/**
 * The one id schema: a path segment, a query value or a JSON number naming a row, bounded to the column's
 * range, so an id that cannot exist is a 400 naming the field instead of a PostgreSQL range error.
 */
export const id = z.coerce
  .number({ error: 'an id (a whole number)' })
  .int('an id (a whole number)')
  .min(1, 'an id is at least 1')
  .max(INT4_MAX, `an id is at most ${INT4_MAX}`);

/** `{ id }` from `req.params`. */
export const idParams = z.object({ id });

/**
 * An id inside a JSON body or a socket message: a number as sent, never coerced (an object there is refused by
 * its type, not turned into a number by calling its `toString`).
 */
export const jsonId = z
  .number({ error: 'an id (a whole number)' })
  .int('an id (a whole number)')
  .min(1, 'an id is at least 1')
  .max(INT4_MAX, `an id is at most ${INT4_MAX}`);

/** `{ id }` as a socket message names one row (`request:watch`, `consultation:watch`). */
export const idMessage = z.object({ id: jsonId });

/**
 * The dates this system can mean: nothing before 2000 (the contact center's records start long after) and
 * nothing after 2100. A year-1 or year-9999 date is a typo or an attack, never a request.
 */
export const MIN_DATE = Date.UTC(2000, 0, 1);
export const MAX_DATE = Date.UTC(2100, 0, 1);
export const inDateRange = (ms: number) => ms >= MIN_DATE && ms < MAX_DATE;
const RANGE_MESSAGE = 'a date between 2000-01-01 and 2099-12-31';

/** A calendar date that exists (no 30 February) as `YYYY-MM-DD`. */
function realDate(s: string): boolean {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** An ISO 8601 date-time with its offset, in range. */
export const dateTime = z.iso
  .datetime({ offset: true })
  .refine(realDate, 'not a date')
  .refine((s) => inDateRange(Date.parse(s)), RANGE_MESSAGE);

/** A filter's date: `2026-03-01` or a full date-time, in range. */
export const dateOrDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'a date such as 2026-03-01')
  .refine((s) => !Number.isNaN(Date.parse(s)) && realDate(s), 'not a date')
  .refine((s) => inDateRange(Date.parse(s)), RANGE_MESSAGE);

/** A calendar day `2026-03-01` that exists, in range (a filter by Kyiv days: calls, ratings). */
export const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-03-01')
  .refine(realDate, 'not a date')
  .refine((s) => inDateRange(Date.parse(s)), RANGE_MESSAGE);
