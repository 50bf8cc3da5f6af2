import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An executor's ask for more time waits here until a supervisor approves or rejects it: one open ask per
 * request, so a nullable column rather than a table. The partial index serves the supervisor's
 * `extensionPending=true` list, a handful of rows among all requests.
 */
export class PendingExtension1767225600500 implements MigrationInterface {
  name = 'PendingExtension1767225600500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE requests ADD COLUMN pending_extension jsonb NULL;
      CREATE INDEX requests_extension_pending ON requests (received_at DESC) WHERE pending_extension IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX requests_extension_pending; ALTER TABLE requests DROP COLUMN pending_extension');
  }
}
