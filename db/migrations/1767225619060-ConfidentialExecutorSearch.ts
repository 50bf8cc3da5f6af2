import type { MigrationInterface, QueryRunner } from 'typeorm';

const VECTOR_TRIGGER = (call: string) => `
  CREATE OR REPLACE FUNCTION request_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    c_name text;
    c_address text;
    c_confidential boolean;
  BEGIN
    SELECT full_name, address, confidential INTO c_name, c_address, c_confidential FROM citizens WHERE id = NEW.citizen_id;
    IF TG_OP = 'INSERT' THEN
      NEW.address_is_home := NEW.address_is_home OR request_address_is_home(NEW.address, c_address);
    END IF;
    NEW.search_tsv := ${call};
    RETURN NEW;
  END $$;`;

const CONFIDENTIAL_HOME = `
  setweight(to_tsvector('simple', coalesce(citizen_name, '') || ' ' || address), 'A') ||
  setweight(to_tsvector('simple', coalesce(address_building(address), '') || ' ' ||
    replace(replace(description, address, coalesce(address_building(address), '')), coalesce(citizen_name, ''), '')), 'B')`;

/**
 * Executors search weight B of a request's vector. For a confidential applicant B held the description (with
 * the name and flat cut only where spelled exactly as on the card) and, when the address was typed unlike the
 * card's, the whole address, so an executor found the request by the flat or by the name in another case.
 * Now, for a confidential applicant, B is what the executor reads: the building when the place is the home
 * (`home_building`, cut by the server's address normaliser at registration; `address_building()` for older
 * rows), else the address; and the description as the server redacted it for executors at registration
 * (`executor_description`; none for older rows or an applicant made confidential later: then the description
 * is searched by staff only). Everything, name and flat included, stays in A for staff.
 */
export class ConfidentialExecutorSearch1767225619060 implements MigrationInterface {
  name = 'ConfidentialExecutorSearch1767225619060';

  async up(q: QueryRunner): Promise<void> {
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      ALTER TABLE requests ADD COLUMN home_building text, ADD COLUMN executor_description text;
      CREATE FUNCTION request_search_tsv_with_body(citizen_name text, confidential boolean, address text, description text,
                                                   address_is_home boolean, body tsvector, home_building text, executor_description text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN coalesce(confidential, false) THEN
            setweight(to_tsvector('simple', coalesce(citizen_name, '') || ' ' || coalesce(address, '') || ' ' || description), 'A') ||
            setweight(to_tsvector('simple', CASE WHEN address_is_home THEN coalesce(home_building, address_building(address), '')
                                                 ELSE coalesce(address, '') END || ' ' || coalesce(executor_description, '')), 'B')
          ELSE setweight(to_tsvector('simple', coalesce(citizen_name, '')), 'A') || body
          END
      $$;
      -- The file import's call: its rows have no redacted parts of their own.
      CREATE OR REPLACE FUNCTION request_search_tsv_with_body(citizen_name text, confidential boolean, address text, description text,
                                                              address_is_home boolean, body tsvector)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT request_search_tsv_with_body(citizen_name, confidential, address, description, address_is_home, body, NULL, NULL)
      $$;
      ${VECTOR_TRIGGER(`request_search_tsv_with_body(c_name, c_confidential, NEW.address, NEW.description, NEW.address_is_home,
                          request_body_tsv(NEW.address, NEW.description), NEW.home_building, NEW.executor_description)`)}
      DROP TRIGGER requests_search_vector ON requests;
      CREATE TRIGGER requests_search_vector
        BEFORE UPDATE OF citizen_id, address, description, address_is_home, home_building, executor_description ON requests
        FOR EACH ROW EXECUTE FUNCTION request_search_vector();
      UPDATE requests SET citizen_id = citizen_id WHERE citizen_id IN (SELECT id FROM citizens WHERE confidential);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      DROP TRIGGER requests_search_vector ON requests;
      ${VECTOR_TRIGGER('request_search_tsv(c_name, c_confidential, NEW.address, NEW.description, NEW.address_is_home)')}
      CREATE TRIGGER requests_search_vector BEFORE UPDATE OF citizen_id, address, description, address_is_home ON requests
        FOR EACH ROW EXECUTE FUNCTION request_search_vector();
      CREATE OR REPLACE FUNCTION request_search_tsv_with_body(citizen_name text, confidential boolean, address text, description text,
                                                              address_is_home boolean, body tsvector)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN address_is_home AND address IS NOT NULL AND coalesce(confidential, false) THEN ${CONFIDENTIAL_HOME}
          ELSE setweight(to_tsvector('simple', coalesce(citizen_name, '')), 'A') || body
          END
      $$;
      DROP FUNCTION request_search_tsv_with_body(text, boolean, text, text, boolean, tsvector, text, text);
      ALTER TABLE requests DROP COLUMN home_building, DROP COLUMN executor_description;
      UPDATE requests SET citizen_id = citizen_id WHERE citizen_id IN (SELECT id FROM citizens WHERE confidential);
    `);
  }
}
