import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The yearly report reads two years of appeals grouped by source, addressee, subject, result, topic and flags.
 * Read from the table, that is a walk over every request's full row (descriptions, search vectors: a gigabyte
 * at a million requests); read from an index that carries those columns, it is an index-only scan of a
 * twentieth of that. Partial, appeals only: contact-center requests (most of the table, and every call) do
 * not pay for it, and counting them keeps its narrow index.
 */
export class ReportCoveringIndex1767225613000 implements MigrationInterface {
  name = 'ReportCoveringIndex1767225613000';

  async up(q: QueryRunner): Promise<void> {
    // Indexing every request of a big database takes longer than the pool's statement timeout.
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      CREATE INDEX requests_appeals_report ON requests (received_at)
        INCLUDE (source, addressee, subject, result, topic_code, flags, citizen_id) WHERE category = 'appeal'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX requests_appeals_report');
  }
}
