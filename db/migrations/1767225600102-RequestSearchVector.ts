import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One full-text vector per request with everything an agent types to find it: the applicant's name (weight A),
 * the address and the description (weight B). One GIN index then answers a name, a street or a phrase, and
 * counting the hits needs no join to citizens. Executors search with weight B only, so a name never leads
 * them to a person. The vector is kept by triggers, also when the citizen's name is corrected later.
 */
export class RequestSearchVector1767225600102 implements MigrationInterface {
  name = 'RequestSearchVector1767225600102';

  async up(q: QueryRunner): Promise<void> {
    // Rewriting or indexing every request of a big database takes longer than the pool's statement timeout.
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      ALTER TABLE requests DROP COLUMN search_tsv;
      ALTER TABLE requests ADD COLUMN search_tsv tsvector;
      DROP INDEX citizens_name_tsv;
      ALTER TABLE citizens DROP COLUMN name_tsv;

      CREATE FUNCTION request_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_tsv :=
          setweight(to_tsvector('simple', coalesce((SELECT full_name FROM citizens WHERE id = NEW.citizen_id), '')), 'A') ||
          setweight(to_tsvector('simple', coalesce(NEW.address, '') || ' ' || NEW.description), 'B');
        RETURN NEW;
      END $$;
      CREATE TRIGGER requests_search_vector BEFORE INSERT OR UPDATE OF citizen_id, address, description ON requests
        FOR EACH ROW EXECUTE FUNCTION request_search_vector();

      -- A corrected name must be findable in the citizen's earlier requests too.
      CREATE FUNCTION citizen_name_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE requests SET citizen_id = citizen_id WHERE citizen_id = NEW.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER citizens_name_changed AFTER UPDATE OF full_name ON citizens
        FOR EACH ROW WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name) EXECUTE FUNCTION citizen_name_changed();

      CREATE OR REPLACE FUNCTION remember_citizen_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_words (word)
        SELECT DISTINCT w.lexeme FROM changed, unnest(to_tsvector('simple', coalesce(changed.full_name, ''))) w
         WHERE length(w.lexeme) >= 3 AND w.lexeme !~ '^[0-9]+$'
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;

      UPDATE requests SET citizen_id = citizen_id;
      CREATE INDEX requests_search_tsv ON requests USING gin (search_tsv);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER citizens_name_changed ON citizens;
      DROP TRIGGER requests_search_vector ON requests;
      DROP FUNCTION citizen_name_changed(), request_search_vector();
      ALTER TABLE requests DROP COLUMN search_tsv;
      ALTER TABLE requests ADD COLUMN search_tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', coalesce(address, '') || ' ' || description)) STORED;
      CREATE INDEX requests_search_tsv ON requests USING gin (search_tsv);
      ALTER TABLE citizens ADD COLUMN name_tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', coalesce(full_name, ''))) STORED;
      CREATE INDEX citizens_name_tsv ON citizens USING gin (name_tsv);
      CREATE OR REPLACE FUNCTION remember_citizen_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_words (word)
        SELECT DISTINCT w.lexeme FROM changed, unnest(changed.name_tsv) w
         WHERE length(w.lexeme) >= 3 AND w.lexeme !~ '^[0-9]+$'
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
    `);
  }
}
