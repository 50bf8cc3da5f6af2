import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search dictionary's words are filtered once per distinct word, not once per occurrence: a bulk insert
 * of 20,000 requests has about 2 million (request, word) pairs but only tens of thousands of words, and the
 * regular expression that drops numbers ran on every pair (half a second per 20,000 requests). The filter
 * lives in one function that the triggers and a bulk import without triggers call alike.
 */
export class SearchWordsOnce1767225614000 implements MigrationInterface {
  name = 'SearchWordsOnce1767225614000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION remember_search_words(words text[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO search_words (word)
        SELECT w FROM unnest(words) w WHERE length(w) >= 3 AND w !~ '^[0-9]+$'
        ON CONFLICT DO NOTHING
      $$;
      CREATE OR REPLACE FUNCTION remember_request_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM remember_search_words(ARRAY(SELECT DISTINCT unnest(tsvector_to_array(search_tsv)) FROM changed));
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION remember_citizen_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Names repeat (a city has a few thousand first names and surnames): each distinct one is split once.
        PERFORM remember_search_words(ARRAY(
          SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('simple', coalesce(full_name, ''))))
            FROM (SELECT DISTINCT full_name FROM changed) names));
        RETURN NULL;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION remember_request_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_words (word)
        SELECT DISTINCT w.lexeme FROM changed, unnest(changed.search_tsv) w
         WHERE length(w.lexeme) >= 3 AND w.lexeme !~ '^[0-9]+$'
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION remember_citizen_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_words (word)
        SELECT DISTINCT w.lexeme FROM changed, unnest(to_tsvector('simple', coalesce(changed.full_name, ''))) w
         WHERE length(w.lexeme) >= 3 AND w.lexeme !~ '^[0-9]+$'
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      DROP FUNCTION remember_search_words(text[]);
    `);
  }
}
