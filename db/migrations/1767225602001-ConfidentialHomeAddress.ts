import type { MigrationInterface, QueryRunner } from 'typeorm';

// The original vector (1767225600102), restored by `down`.
const PLAIN_VECTOR = `
  CREATE OR REPLACE FUNCTION request_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    NEW.search_tsv :=
      setweight(to_tsvector('simple', coalesce((SELECT full_name FROM citizens WHERE id = NEW.citizen_id), '')), 'A') ||
      setweight(to_tsvector('simple', coalesce(NEW.address, '') || ' ' || NEW.description), 'B');
    RETURN NEW;
  END $$;`;

/**
 * A request's address is the place of the problem; often it is the applicant's home, copied from their card.
 * When that applicant is confidential, an executor may see the building but never the flat (nor the name):
 *  - `address_is_home` marks a request whose address is the applicant's address at registration (set by the
 *    trigger, so every way of inserting a request, the demo seed and imports included, gets it);
 *  - `address_building()` cuts an address to its building ("вул. Шевченка, 12, кв. 5" → "вул. Шевченка, 12");
 *  - the search vector of such a request keeps the full address and the name in weight A (staff only) and the
 *    building, with the description so cut, in weight B, the only weight executors search.
 * The vector follows the citizen's confidential flag when it changes later.
 */
export class ConfidentialHomeAddress1767225602001 implements MigrationInterface {
  name = 'ConfidentialHomeAddress1767225602001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      ALTER TABLE requests ADD COLUMN address_is_home boolean NOT NULL DEFAULT false;

      CREATE FUNCTION address_building(address text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT nullif(btrim(regexp_replace(
                 regexp_replace(address, '(^|[\\s,;]+)(кв|Кв|КВ|квартира|Квартира|кімн|Кімн|кімната|Кімната|apt|Apt|APT|apartment|Apartment|flat|Flat)\\.?\\s*(№\\s*)?\\d.*$', ''),
                 '^(.*\\d[^\\s,/]*)\\s*/\\s*\\d\\S*\\s*$', '\\1'), ' ,;'), '')
      $$;

      CREATE OR REPLACE FUNCTION request_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        c_name text;
        c_address text;
        c_confidential boolean;
        building text;
      BEGIN
        SELECT full_name, address, confidential INTO c_name, c_address, c_confidential FROM citizens WHERE id = NEW.citizen_id;
        IF TG_OP = 'INSERT' AND NEW.address IS NOT NULL AND c_address IS NOT NULL THEN
          NEW.address_is_home := NEW.address_is_home
            OR regexp_replace(btrim(NEW.address), '\\s+', ' ', 'g') = regexp_replace(btrim(c_address), '\\s+', ' ', 'g');
        END IF;
        IF NEW.address_is_home AND NEW.address IS NOT NULL AND coalesce(c_confidential, false) THEN
          building := coalesce(address_building(NEW.address), '');
          NEW.search_tsv :=
            setweight(to_tsvector('simple', coalesce(c_name, '') || ' ' || NEW.address), 'A') ||
            setweight(to_tsvector('simple', building || ' ' || replace(replace(NEW.description, NEW.address, building), coalesce(c_name, ''), '')), 'B');
        ELSE
          NEW.search_tsv :=
            setweight(to_tsvector('simple', coalesce(c_name, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(NEW.address, '') || ' ' || NEW.description), 'B');
        END IF;
        RETURN NEW;
      END $$;
      DROP TRIGGER requests_search_vector ON requests;
      CREATE TRIGGER requests_search_vector BEFORE INSERT OR UPDATE OF citizen_id, address, description, address_is_home ON requests
        FOR EACH ROW EXECUTE FUNCTION request_search_vector();
      CREATE TRIGGER citizens_confidential_changed AFTER UPDATE OF confidential ON citizens
        FOR EACH ROW WHEN (OLD.confidential IS DISTINCT FROM NEW.confidential) EXECUTE FUNCTION citizen_name_changed();

      -- Existing requests: the flag without rewriting every vector and word, then the vectors of the few it hides.
      ALTER TABLE requests DISABLE TRIGGER requests_search_vector;
      ALTER TABLE requests DISABLE TRIGGER requests_words_update;
      UPDATE requests r SET address_is_home = true FROM citizens c
       WHERE c.id = r.citizen_id AND r.address IS NOT NULL
         AND regexp_replace(btrim(r.address), '\\s+', ' ', 'g') = regexp_replace(btrim(c.address), '\\s+', ' ', 'g');
      ALTER TABLE requests ENABLE TRIGGER requests_search_vector;
      ALTER TABLE requests ENABLE TRIGGER requests_words_update;
      UPDATE requests SET citizen_id = citizen_id WHERE address_is_home AND citizen_id IN (SELECT id FROM citizens WHERE confidential);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      DROP TRIGGER citizens_confidential_changed ON citizens;
      DROP TRIGGER requests_search_vector ON requests;
      ${PLAIN_VECTOR}
      CREATE TRIGGER requests_search_vector BEFORE INSERT OR UPDATE OF citizen_id, address, description ON requests
        FOR EACH ROW EXECUTE FUNCTION request_search_vector();
      UPDATE requests SET citizen_id = citizen_id WHERE address_is_home AND citizen_id IN (SELECT id FROM citizens WHERE confidential);
      ALTER TABLE requests DROP COLUMN address_is_home;
      DROP FUNCTION address_building(text);
    `);
  }
}
