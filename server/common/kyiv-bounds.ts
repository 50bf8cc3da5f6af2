/**
 * The bounds of a list's `from` / `to` filter as SQL. The contact center's days are Kyiv's: `to=2026-03-29`
 * means up to Kyiv's midnight after that day, whatever zone the server runs in (that day has 23 hours, as
 * 25 October has 25). PostgreSQL's zone data does the arithmetic, so a summer-time switch is its business.
 * A date-time with an offset is that instant; without one, Kyiv wall-clock time. `to` includes its bound.
 */
const ZONE = `'Europe/Kyiv'`;
const OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Adds a query parameter and returns its placeholder (`$3`). */
export type Param = (value: unknown) => string;

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** A date-time as the instant it names, or as SQL for Kyiv wall-clock time when it names no offset. */
function instant(value: string, p: Param): string {
  const wall = OFFSET.test(value) ? NaN : Date.parse(`${value}Z`);
  // The parameter is our own ISO text (never the client's), so PostgreSQL reads exactly what we checked.
  if (!Number.isNaN(wall)) return `(${p(new Date(wall).toISOString().slice(0, 23))}::timestamp AT TIME ZONE ${ZONE})`;
  return p(new Date(value));
}

/** `column` at or after the start of `from` (a Kyiv day's midnight, or an instant). */
export function sinceSql(column: string, from: string, p: Param): string {
  return isDay(from) ? `${column} >= (${p(from)}::date::timestamp AT TIME ZONE ${ZONE})` : `${column} >= ${instant(from, p)}`;
}

/** `column` up to the end of `to` (before the next Kyiv midnight, or at most the instant). */
export function untilSql(column: string, to: string, p: Param): string {
  return isDay(to) ? `${column} < ((${p(to)}::date + 1)::timestamp AT TIME ZONE ${ZONE})` : `${column} <= ${instant(to, p)}`;
}
