import type { MigrationInterface, QueryRunner } from 'typeorm';

const CONFIDENTIAL_HOME = `
  setweight(to_tsvector('simple', coalesce(citizen_name, '') || ' ' || address), 'A') ||
  setweight(to_tsvector('simple', coalesce(address_building(address), '') || ' ' ||
    replace(replace(description, address, coalesce(address_building(address), '')), coalesce(citizen_name, ''), '')), 'B')`;

/**
 * A request's search vector is its applicant's name (A) and its own address and description (B), except for a
 * confidential applicant's home. The B part depends on the request alone, so a bulk import computes it while
 * the file is still being read (PostgreSQL is otherwise waiting for the parser then), and adds the name later.
 * `request_search_tsv` is now written in those two parts; its vectors are the same as before. And
 * `request_address_is_home` answers equal texts without its two regular expressions.
 */
export class RequestBodyVector1767225614001 implements MigrationInterface {
  name = 'RequestBodyVector1767225614001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION request_body_tsv(address text, description text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('simple', coalesce(address, '') || ' ' || description), 'B')
      $$;
      CREATE FUNCTION request_search_tsv_with_body(citizen_name text, confidential boolean, address text, description text,
                                                   address_is_home boolean, body tsvector)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN address_is_home AND address IS NOT NULL AND coalesce(confidential, false) THEN ${CONFIDENTIAL_HOME}
          ELSE setweight(to_tsvector('simple', coalesce(citizen_name, '')), 'A') || body
          END
      $$;
      CREATE OR REPLACE FUNCTION request_search_tsv(citizen_name text, confidential boolean, address text, description text, address_is_home boolean)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT request_search_tsv_with_body(citizen_name, confidential, address, description, address_is_home, request_body_tsv(address, description))
      $$;
      -- The same answer; equal texts (an imported applicant's address is usually the request's) skip the regexes.
      CREATE OR REPLACE FUNCTION request_address_is_home(address text, citizen_address text) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT address IS NOT NULL AND citizen_address IS NOT NULL
           AND (address = citizen_address
                OR regexp_replace(btrim(address), '\\s+', ' ', 'g') = regexp_replace(btrim(citizen_address), '\\s+', ' ', 'g'))
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION request_search_tsv(citizen_name text, confidential boolean, address text, description text, address_is_home boolean)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN address_is_home AND address IS NOT NULL AND coalesce(confidential, false) THEN ${CONFIDENTIAL_HOME}
          ELSE
            setweight(to_tsvector('simple', coalesce(citizen_name, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(address, '') || ' ' || description), 'B')
          END
      $$;
      CREATE OR REPLACE FUNCTION request_address_is_home(address text, citizen_address text) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT address IS NOT NULL AND citizen_address IS NOT NULL
           AND regexp_replace(btrim(address), '\\s+', ' ', 'g') = regexp_replace(btrim(citizen_address), '\\s+', ' ', 'g')
      $$;
      DROP FUNCTION request_search_tsv_with_body(text, boolean, text, text, boolean, tsvector);
      DROP FUNCTION request_body_tsv(text, text);
    `);
  }
}
