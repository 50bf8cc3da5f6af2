import type { MigrationInterface, QueryRunner } from 'typeorm';

// The trigger as 1767225602001 left it, restored by `down`.
const PER_ROW_VECTOR = `
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
  END $$;`;

/**
 * A request's search vector and its "address is the applicant's home" flag, as SQL functions of the request
 * and its applicant. The row trigger calls them, as before, for every insert and update that does not bring
 * its own vector; a bulk writer (the file import) calls them in its INSERT … SELECT, joined to citizens once
 * for the whole statement, instead of one trigger call with its own citizen lookup per row. One definition,
 * so both ways give the same vector.
 */
export class SearchVectorFunctions1767225613001 implements MigrationInterface {
  name = 'SearchVectorFunctions1767225613001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION request_address_is_home(address text, citizen_address text) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT address IS NOT NULL AND citizen_address IS NOT NULL
           AND regexp_replace(btrim(address), '\\s+', ' ', 'g') = regexp_replace(btrim(citizen_address), '\\s+', ' ', 'g')
      $$;
      CREATE FUNCTION request_search_tsv(citizen_name text, confidential boolean, address text, description text, address_is_home boolean)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN address_is_home AND address IS NOT NULL AND coalesce(confidential, false) THEN
            setweight(to_tsvector('simple', coalesce(citizen_name, '') || ' ' || address), 'A') ||
            setweight(to_tsvector('simple', coalesce(address_building(address), '') || ' ' ||
              replace(replace(description, address, coalesce(address_building(address), '')), coalesce(citizen_name, ''), '')), 'B')
          ELSE
            setweight(to_tsvector('simple', coalesce(citizen_name, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(address, '') || ' ' || description), 'B')
          END
      $$;
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
        NEW.search_tsv := request_search_tsv(c_name, c_confidential, NEW.address, NEW.description, NEW.address_is_home);
        RETURN NEW;
      END $$;
      DROP TRIGGER requests_search_vector ON requests;
      CREATE TRIGGER requests_search_vector BEFORE UPDATE OF citizen_id, address, description, address_is_home ON requests
        FOR EACH ROW EXECUTE FUNCTION request_search_vector();
      CREATE TRIGGER requests_search_vector_insert BEFORE INSERT ON requests
        FOR EACH ROW WHEN (NEW.search_tsv IS NULL) EXECUTE FUNCTION request_search_vector();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER requests_search_vector_insert ON requests;
      DROP TRIGGER requests_search_vector ON requests;
      ${PER_ROW_VECTOR}
      CREATE TRIGGER requests_search_vector BEFORE INSERT OR UPDATE OF citizen_id, address, description, address_is_home ON requests
        FOR EACH ROW EXECUTE FUNCTION request_search_vector();
      DROP FUNCTION request_search_tsv(text, boolean, text, text, boolean), request_address_is_home(text, text);
    `);
  }
}
