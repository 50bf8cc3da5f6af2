/**
 * The first `max` UTF-16 units of a text quoted in an error, never half a character: a lone surrogate is not
 * Unicode, and PostgreSQL's JSON refuses it (the import record keeps the errors as jsonb).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
