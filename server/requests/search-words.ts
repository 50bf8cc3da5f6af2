import type { Sql } from '../citizens/citizens.repository';

/**
 * How close a dictionary word must be to a typed one (trigram similarity) to be offered as its correction:
 * low, because one wrong letter in a five-letter surname ("Галуб") leaves a third of the trigrams; only the
 * nearest few are taken.
 */
export const SIMILARITY = 0.3;
const VARIANTS_PER_WORD = 4;
const MAX_WORDS = 8;

/** A lexeme as a to_tsquery operand: quoted, so nothing the user typed is read as query syntax. */
const quoted = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * Turns typed words into a full-text query that forgives misspellings: each word becomes "itself, as a
 * prefix (typing is in progress), or one of its nearest dictionary words", and all words must match.
 * `weights` limits the match to parts of the vector (B: address and description, never the name).
 * Returns null when the text has no words at all.
 */
export async function tolerantQuery(sql: Sql, text: string, weights = ''): Promise<string | null> {
  await sql.query(`SET LOCAL pg_trgm.similarity_threshold = ${SIMILARITY}`);
  const words: { lexeme: string; variants: string[] }[] = await sql.query(
    `SELECT w.lexeme, ARRAY(SELECT s.word FROM search_words s WHERE s.word % w.lexeme
                             ORDER BY s.word <-> w.lexeme LIMIT ${VARIANTS_PER_WORD}) AS variants
       FROM unnest(to_tsvector('simple', $1)) w LIMIT ${MAX_WORDS}`,
    [text],
  );
  if (words.length === 0) return null;
  return words
    .map(({ lexeme, variants }) => {
      const own = /^\d+$/.test(lexeme) || lexeme.length < 3 ? `${quoted(lexeme)}${weights ? `:${weights}` : ''}` : `${quoted(lexeme)}:*${weights}`;
      const others = variants.filter((v) => v !== lexeme).map((v) => `${quoted(v)}${weights ? `:${weights}` : ''}`);
      return `(${[own, ...others].join(' | ')})`;
    })
    .join(' & ');
}
