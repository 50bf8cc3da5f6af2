import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the request lists people actually open — a status (the callback list, "in progress"), a status
 * in a district, a district's topic group — so that their page and their count are index scans, not heap
 * walks, at a million requests.
 */
export class RequestListIndexes1767225600103 implements MigrationInterface {
  name = 'RequestListIndexes1767225600103';

  async up(q: QueryRunner): Promise<void> {
    // Rewriting or indexing every request of a big database takes longer than the pool's statement timeout.
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      CREATE INDEX requests_status_received ON requests (status, received_at);
      CREATE INDEX requests_status_district ON requests (status, district_code);
      CREATE INDEX requests_district_topic ON requests (district_code, topic_code);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX requests_district_topic, requests_status_district, requests_status_received;');
  }
}
