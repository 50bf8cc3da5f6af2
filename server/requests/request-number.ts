/**
 * A request's number: its Kyiv year and its place in that year, `2026-000042`. Six digits are padded, never cut:
 * Kyiv's 1551 passes a million requests a year in November, and `lpad(n, 6)` would truncate the millionth to
 * `100000` and collide with an earlier one.
 */
export function formatRequestNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(6, '0')}`;
}

/** The same number in SQL, for the statements that number many requests at once (imports, the demo generator). */
export function requestNumberSql(yearSql: string, seqSql: string): string {
  return `(${yearSql})::text || '-' || lpad((${seqSql})::text, greatest(6, length((${seqSql})::text)), '0')`;
}

/** What a person types for a number: the year, a dash and 1–7 digits (leading zeros may be left out). */
export const REQUEST_NUMBER_QUERY = /^(\d{4})-(\d{1,7})$/;

/** `2026-42` → `2026-000042`; anything else → null. */
export function normaliseRequestNumber(text: string): string | null {
  const m = REQUEST_NUMBER_QUERY.exec(text.trim());
  if (!m) return null;
  const seq = Number(m[2]);
  return seq > 0 ? formatRequestNumber(Number(m[1]), seq) : null;
}
