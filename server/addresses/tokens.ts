import { fold } from './fold';

export type TokenKind = 'num' | 'word' | 'sep' | 'slash' | 'dash' | 'numero';

/** A piece of an address; `start`/`end` are positions in the text as typed. */
export interface Token {
  kind: TokenKind;
  /** Folded (lower case, plain letters); a word without its apostrophes. */
  text: string;
  start: number;
  end: number;
}

// Abbreviations written with a dash are one word: "пр-т", "б-р", "кв-ра", "р-н".
const DASHED = new Set(['пр-т', 'пр-кт', 'пр-к', 'пр-д', 'б-р', 'кв-ра', 'кв-л', 'р-н', 'м-н', 'мкр-н', 'п-д', 'к-с']);

const PIECE = /(\d+)|([a-zа-яі]+(?:'[a-zа-яі]+)*)|([,;])|(\/|\\)|(-)|(№)/g;

export function tokenise(text: string): Token[] {
  const folded = fold(text);
  const raw: Token[] = [];
  for (const m of folded.matchAll(PIECE)) {
    const kind: TokenKind = m[1] ? 'num' : m[2] ? 'word' : m[3] ? 'sep' : m[4] ? 'slash' : m[5] ? 'dash' : 'numero';
    raw.push({ kind, text: kind === 'word' ? m[0].replaceAll("'", '') : m[0], start: m.index, end: m.index + m[0].length });
  }
  return mergeDashed(raw);
}

function mergeDashed(raw: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const [a, dash, b] = [raw[i], raw[i + 1], raw[i + 2]];
    if (a.kind === 'word' && dash?.kind === 'dash' && b?.kind === 'word' && DASHED.has(`${a.text}-${b.text}`)) {
      out.push({ kind: 'word', text: `${a.text}-${b.text}`, start: a.start, end: b.end });
      i += 2;
    } else out.push(a);
  }
  return out;
}
