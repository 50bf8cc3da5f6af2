import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Misspelling-tolerant search that stays fast at a million requests, the way the PostgreSQL manual suggests
 * (pg_trgm, "Text Search Integration"): a dictionary of every word seen in names, addresses and descriptions,
 * with a trigram index. A typed word is corrected to its nearest dictionary words, and those are looked up
 * in full-text indexes — so "Каваленко" finds "Коваленко" without a trigram test on every row.
 */
export class SearchWords1767225600101 implements MigrationInterface {
  name = 'SearchWords1767225600101';

  async up(q: QueryRunner): Promise<void> {
    // Rewriting or indexing every request of a big database takes longer than the pool's statement timeout.
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      CREATE TABLE search_words (word text PRIMARY KEY);
      CREATE INDEX search_words_trgm ON search_words USING gin (word gin_trgm_ops);

      ALTER TABLE citizens ADD COLUMN name_tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', coalesce(full_name, ''))) STORED;
      CREATE INDEX citizens_name_tsv ON citizens USING gin (name_tsv);
      -- The request's own words now include its address, so one index answers streets and descriptions.
      ALTER TABLE requests DROP COLUMN search_tsv;
      ALTER TABLE requests ADD COLUMN search_tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', coalesce(address, '') || ' ' || description)) STORED;
      CREATE INDEX requests_search_tsv ON requests USING gin (search_tsv);

      -- Statement-level triggers with transition tables: a bulk insert adds its words in one statement.
      CREATE FUNCTION remember_citizen_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_words (word)
        SELECT DISTINCT w.lexeme FROM changed, unnest(changed.name_tsv) w
         WHERE length(w.lexeme) >= 3 AND w.lexeme !~ '^[0-9]+$'
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE FUNCTION remember_request_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_words (word)
        SELECT DISTINCT w.lexeme FROM changed, unnest(changed.search_tsv) w
         WHERE length(w.lexeme) >= 3 AND w.lexeme !~ '^[0-9]+$'
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE TRIGGER citizens_words_insert AFTER INSERT ON citizens REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION remember_citizen_words();
      CREATE TRIGGER citizens_words_update AFTER UPDATE ON citizens REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION remember_citizen_words();
      CREATE TRIGGER requests_words_insert AFTER INSERT ON requests REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION remember_request_words();
      CREATE TRIGGER requests_words_update AFTER UPDATE ON requests REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION remember_request_words();
      -- Row-level trigram tests are no longer how search works; their indexes only slowed every insert.
      DROP INDEX requests_address_trgm, citizens_full_name_trgm;

      INSERT INTO search_words (word)
      SELECT word FROM ts_stat('SELECT name_tsv FROM citizens') WHERE length(word) >= 3 AND word !~ '^[0-9]+$'
      UNION SELECT word FROM ts_stat('SELECT search_tsv FROM requests') WHERE length(word) >= 3 AND word !~ '^[0-9]+$'
      ON CONFLICT DO NOTHING;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX requests_address_trgm ON requests USING gin (address gin_trgm_ops);
      CREATE INDEX citizens_full_name_trgm ON citizens USING gin (full_name gin_trgm_ops);
      DROP TRIGGER requests_words_update ON requests;
      DROP TRIGGER requests_words_insert ON requests;
      DROP TRIGGER citizens_words_update ON citizens;
      DROP TRIGGER citizens_words_insert ON citizens;
      DROP FUNCTION remember_request_words(), remember_citizen_words();
      DROP INDEX requests_search_tsv;
      ALTER TABLE requests DROP COLUMN search_tsv;
      ALTER TABLE requests ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', description)) STORED;
      CREATE INDEX requests_search_tsv ON requests USING gin (search_tsv);
      DROP INDEX citizens_name_tsv;
      ALTER TABLE citizens DROP COLUMN name_tsv;
      DROP TABLE search_words;
    `);
  }
}
