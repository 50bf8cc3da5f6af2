import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live page's per-queue settings, kept server-side so every supervisor and every wallboard screen shows
 * the same colours: our service level's threshold (20 s unless set) and the wallboard thresholds. Today's
 * counters are read from the call log by the Kyiv day a call joined the queue: an index makes that cheap.
 */
export class QueueSettings1767225610000 implements MigrationInterface {
  name = 'QueueSettings1767225610000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queue_settings (
        queue varchar(80) PRIMARY KEY,
        service_level_seconds integer NOT NULL DEFAULT 20 CHECK (service_level_seconds BETWEEN 1 AND 3600),
        thresholds jsonb NOT NULL,
        updated_by integer REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX calls_queue_day ON calls ((coalesce(queued_at, offered_at, answered_at))) WHERE queue IS NOT NULL AND direction = 'in';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX calls_queue_day; DROP TABLE queue_settings');
  }
}
