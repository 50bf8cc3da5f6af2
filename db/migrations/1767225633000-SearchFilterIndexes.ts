import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Three lists that were slow at Kyiv's scale (6 million requests, `npm run bench:search`):
 * - every newest-first list walks the newest 5,000 requests first, in (received_at, id) order: the index on
 *   received_at alone left ties to a sort of the whole walk (half its time); it now holds the id too;
 * - a status with a topic ("assigned" in HS.01): the planner ANDed the status bitmap (13,000 rows) with the
 *   topic's (195,000 rows) to count 61 requests, 71 ms; one index on both answers it exactly;
 * - the callback list (every request done and waiting for the citizen's word, oldest first): each of the 8,000
 *   done requests was read from the table to sort them; the columns the order needs now sit in the index, so
 *   the sort reads the index alone. It replaces the callback index, which held only completed_at.
 */
export class SearchFilterIndexes1767225633000 implements MigrationInterface {
  name = 'SearchFilterIndexes1767225633000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query('CREATE INDEX requests_received_id ON requests (received_at, id)');
    await q.query('DROP INDEX requests_received');
    await q.query('CREATE INDEX requests_status_topic ON requests (status, topic_code)');
    await q.query(`CREATE INDEX requests_callback_order ON requests (completed_at) INCLUDE (updated_at, last_callback_at, id)
                    WHERE status = 'done'`);
    await q.query('DROP INDEX requests_callback');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX requests_callback ON requests (completed_at) WHERE status = 'done'`);
    await q.query('DROP INDEX requests_callback_order');
    await q.query('DROP INDEX requests_status_topic');
    await q.query('CREATE INDEX requests_received ON requests (received_at)');
    await q.query('DROP INDEX requests_received_id');
  }
}
