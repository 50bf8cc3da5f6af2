const GAP = '[\\s\\-().]*';

/**
 * A number as people write it: 067 555 00 01, (067) 555-00-01, +38 067 5550001, 380675550001. The last nine
 * digits of a Ukrainian number name it, whatever came before them; a foreign number needs all its digits.
 */
function spellings(e164: string): RegExp | null {
  const digits = e164.replace(/\D/g, '');
  if (digits.length < 7) return null;
  const ukrainian = digits.startsWith('380') && digits.length === 12;
  const core = (ukrainian ? digits.slice(3) : digits).split('').join(GAP);
  const prefix = ukrainian ? `(?:(?:(?:\\+${GAP})?3${GAP}8${GAP})?0${GAP})?` : `(?:(?:\\+|00)${GAP})?`;
  // "(067) 555…" takes its bracket; "(0675550001)" both, so no half of a pair is left behind.
  const number = `${prefix}${core}`;
  return new RegExp(`(?<!\\d)(?:\\(${number}\\)|\\(?${number})(?!\\d)`, 'g');
}

/** `text` with every spelling of the given numbers (E.164) replaced by "…". */
export function redactPhones(text: string, phones: readonly string[]): string {
  return phones.reduce((out, phone) => {
    const pattern = spellings(phone);
    return pattern ? out.replace(pattern, '…') : out;
  }, text);
}
