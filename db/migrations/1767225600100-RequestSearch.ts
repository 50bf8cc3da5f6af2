import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What requests need beyond Foundation: the callback loop's bookkeeping, and search that stays fast at a
 * million requests — trigram indexes (pg_trgm) so misspelt Ukrainian surnames and streets are still found,
 * and a full-text vector with the 'simple' configuration (no Ukrainian stemmer ships with PostgreSQL, and
 * 'simple' keeps words as written, lower-cased).
 */
export class RequestSearch1767225600100 implements MigrationInterface {
  name = 'RequestSearch1767225600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;

      ALTER TABLE requests
        ADD COLUMN completed_at timestamptz,
        ADD COLUMN callback_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN last_callback_at timestamptz,
        ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', description)) STORED;

      CREATE INDEX requests_search_tsv ON requests USING gin (search_tsv);
      CREATE INDEX requests_address_trgm ON requests USING gin (address gin_trgm_ops);
      CREATE INDEX citizens_full_name_trgm ON citizens USING gin (full_name gin_trgm_ops);
      CREATE INDEX requests_external_number ON requests (external_number) WHERE external_number IS NOT NULL;
      -- Intake flags look for the same address and topic (mass) and the same citizen and topic (repeated).
      CREATE INDEX requests_topic_address ON requests (topic_code, lower(address), received_at) WHERE address IS NOT NULL;
      CREATE INDEX requests_citizen_topic ON requests (citizen_id, topic_code);
      CREATE INDEX requests_district_received ON requests (district_code, received_at);
      CREATE INDEX requests_source_received ON requests (source, received_at);
      CREATE INDEX requests_callback ON requests (completed_at) WHERE status = 'done';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX requests_callback, requests_source_received, requests_district_received, requests_citizen_topic,
        requests_topic_address, requests_external_number, citizens_full_name_trgm, requests_address_trgm, requests_search_tsv;
      ALTER TABLE requests DROP COLUMN search_tsv, DROP COLUMN last_callback_at, DROP COLUMN callback_attempts, DROP COLUMN completed_at;
    `);
  }
}
