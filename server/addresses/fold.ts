/**
 * One character for one character, so a position found in the folded text is the same position in the text
 * as typed (the flat is cut from what the person wrote, not from our folded copy).
 */
const LOOKALIKES: Record<string, string> = {
  // Latin letters typed on the wrong layout look the same as Cyrillic ones.
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', i: 'і', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у',
  ï: 'і', ë: 'е', é: 'е',
  // Letters a Russian layout or a hurried hand puts in place of Ukrainian ones; ї/є/ґ are often typed plain.
  ё: 'е', э: 'е', ы: 'и', ї: 'і', є: 'е', ґ: 'г',
  // Every apostrophe people type, and the hard sign used as one.
  '’': "'", 'ʼ': "'", '`': "'", '‘': "'", '′': "'", 'ъ': "'", '"': ' ',
  // Dashes.
  '–': '-', '—': '-', '‐': '-', '‑': '-',
};

const escapeClass = (c: string) => c.replace(/[\\\]^-]/g, '\\$&');
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKES).map(escapeClass).join('')}]`, 'g');

function lowerInPlace(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  // A character whose lower case is two (İ) keeps its place as it is.
  let out = '';
  for (const ch of text) out += ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  return out;
}

/** Lower case, Cyrillic for Latin look-alikes, plain і/е/г, one apostrophe: the same length as `text`. */
export function fold(text: string): string {
  return lowerInPlace(text).replace(LOOKALIKE, (ch) => LOOKALIKES[ch]);
}
