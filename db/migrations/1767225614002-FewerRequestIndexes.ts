import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every index of `requests` is paid for by every insert: a bulk import spent most of its time maintaining
 * them. Three of them answered nothing another one does not:
 * - `requests_citizen_topic` (citizen, topic): the intake's repeated/multiple checks find the citizen's few
 *   requests through `requests_citizen` (citizen, received) as well;
 * - `requests_topic` (topic): `requests_topic_address` (topic, address, received) answers it once it also
 *   holds the requests without an address;
 * - `requests_external_number` and `requests_source_external`: one index on (number, source) answers both the
 *   intake's "this sender's number again" and the import's match by (source, number).
 */
export class FewerRequestIndexes1767225614002 implements MigrationInterface {
  name = 'FewerRequestIndexes1767225614002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      CREATE INDEX requests_external ON requests (external_number, source) WHERE external_number IS NOT NULL;
      DROP INDEX requests_external_number, requests_source_external, requests_citizen_topic, requests_topic;
      DROP INDEX requests_topic_address;
      CREATE INDEX requests_topic_address ON requests (topic_code, lower(address), received_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      DROP INDEX requests_topic_address;
      CREATE INDEX requests_topic_address ON requests (topic_code, lower(address), received_at) WHERE address IS NOT NULL;
      CREATE INDEX requests_topic ON requests (topic_code);
      CREATE INDEX requests_citizen_topic ON requests (citizen_id, topic_code);
      CREATE INDEX requests_source_external ON requests (source, external_number) WHERE external_number IS NOT NULL;
      CREATE INDEX requests_external_number ON requests (external_number) WHERE external_number IS NOT NULL;
      DROP INDEX requests_external;
    `);
  }
}
