import { fold } from '../addresses/fold';
import { STREET_KINDS } from '../addresses/vocabulary';

// Case endings of Ukrainian nouns and of adjective-like surnames (-ський, -ська, Білий), folded (ї → і, є → е).
const NOUN = ['', 'а', 'я', 'у', 'ю', 'і', 'и', 'е', 'о', 'ові', 'еві', 'ом', 'ем', 'ою', 'ею', 'ів', 'ам', 'ям', 'ах', 'ях', 'ами', 'ями'];
const ADJECTIVE = ['ий', 'ій', 'ого', 'ому', 'им', 'ім', 'а', 'оі', 'у', 'ою', 'і', 'их', 'ими', 'я', 'ю', 'ьої', 'ьоі'];
// Surnames and patronymics that are no ordinary word in any case: matched whatever the letter case.
const DISTINCTIVE = /(енко|чук|щук|ук|юк|ський|цький|зький|ська|цька|зька|ович|евич|івна|ична|ишин|ишина)$/;

interface Stem {
  stem: string;
  endings: string[];
}

const stems = new Map<string, Stem[]>();

/** The stems a name declines from: Коваль → ковал(я, ю, еві…), Федір → федор(а…), Ольга → ольз(і). */
function stemsOf(name: string): Stem[] {
  let s = stems.get(name);
  if (!s) {
    if (stems.size >= 5_000) stems.clear();
    s = declensions(fold(name));
    stems.set(name, s);
  }
  return s;
}

function declensions(n: string): Stem[] {
  const out: Stem[] = [{ stem: n, endings: [''] }];
  if (/(ий|ій)$/.test(n) && n.length >= 5) out.push({ stem: n.slice(0, -2), endings: ADJECTIVE });
  if (/(ська|цька|зька|на)$/.test(n)) out.push({ stem: n.slice(0, -1), endings: ADJECTIVE });
  if (/ець$/.test(n)) out.push({ stem: `${n.slice(0, -3)}ц`, endings: NOUN });
  if (/[аяоеьйи]$/.test(n)) out.push({ stem: n.slice(0, -1), endings: NOUN });
  else {
    out.push({ stem: n, endings: NOUN });
    // Федір → Федора, Кіт → Кота: the і of the last syllable opens again.
    const open = /^(.*)і([^аеиіоуюя]+)$/.exec(n);
    if (open) for (const v of ['о', 'е']) out.push({ stem: `${open[1]}${v}${open[2]}`, endings: NOUN });
  }
  // Ольга → Ользі, Солоха → Солосі: г, к, х soften before і.
  const soft = /^(.*)([гкх])а$/.exec(n);
  if (soft) out.push({ stem: soft[1] + { г: 'з', к: 'ц', х: 'с' }[soft[2] as 'г' | 'к' | 'х'], endings: ['і'] });
  return out.filter((s) => s.stem.length >= 3 || s.endings.length === 1);
}

const isFormOf = (word: string, stems: Stem[]) => stems.some((s) => word.startsWith(s.stem) && s.endings.includes(word.slice(s.stem.length)));

const WORD = /[a-zа-яі]+(?:'[a-zа-яі]+)*/g;

/** A name that is a street's name here ("вул. Шевченка", "Шевченка 12") is the street, which the reader sees anyway. */
function isStreetName(folded: string, start: number, end: number, streetWords: Set<string>): boolean {
  if (!streetWords.has(folded.slice(start, end))) return false;
  const before = /([а-яі-]+)\.?\s*$/.exec(folded.slice(Math.max(0, start - 12), start))?.[1];
  return (before !== undefined && Object.hasOwn(STREET_KINDS, before)) || /^\s*,?\s*(?:буд\.?\s*)?№?\s*\d/.test(folded.slice(end, end + 12));
}

/**
 * `text` with every case form of the words of `fullName` replaced by "…". A first name or a surname that is
 * also an ordinary word (Надія, Віра, Коваль, Мельник) counts only when written with a capital letter.
 * `streets`: the folded names of the streets in view (normalise.ts), kept where they name the street.
 */
export function redactName(text: string, fullName: string | null | undefined, streets: string[] = []): string {
  if (fullName && fullName.trim()) text = text.split(fullName.trim()).join('…');
  const streetWords = new Set(streets.flatMap((s) => s.split(' ')));
  const parts = (fullName ?? '').split(/[\s,.]+/).filter((w) => w.replace(/[^\p{L}]/gu, '').length >= 2);
  if (parts.length === 0) return text;
  // A short one (Жук, Лук) may still be a word: capitals only.
  const names = parts.map((p) => ({ stems: stemsOf(p), anyCase: p.length >= 5 && DISTINCTIVE.test(fold(p)) }));
  const folded = fold(text);
  let out = '';
  let at = 0;
  for (const m of folded.matchAll(WORD)) {
    const capital = text[m.index] !== folded[m.index];
    const hit = names.some((n) => (n.anyCase || capital) && isFormOf(m[0], n.stems));
    if (!hit || isStreetName(folded, m.index, m.index + m[0].length, streetWords)) continue;
    out += text.slice(at, m.index) + '…';
    at = m.index + m[0].length;
  }
  out += text.slice(at);
  // "… …" where a whole name stood, and "… П. І." for its initials, read as one "…".
  return out.replace(/…(?:\s+(?:…|[А-ЯІЇЄҐ]\.))+/g, '…');
}
