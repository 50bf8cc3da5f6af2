import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Repeat-caller escalation: a request the citizen keeps calling about (or a place whose topic keeps coming back)
 * is marked for the supervisor. One row per request; the thresholds are one settings row.
 */
export class Escalations1767225631110 implements MigrationInterface {
  name = 'Escalations1767225631110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE request_escalations (
        request_id int PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,
        reason varchar(16) NOT NULL CHECK (reason IN ('repeat_calls', 'place')),
        calls int NOT NULL DEFAULT 0,
        marked_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolved_by int REFERENCES users(id)
      );
      CREATE INDEX request_escalations_open ON request_escalations (marked_at) WHERE resolved_at IS NULL;
      CREATE TABLE escalation_settings (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        repeat_calls int NOT NULL DEFAULT 3,
        place_requests int NOT NULL DEFAULT 3,
        place_days int NOT NULL DEFAULT 30,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by int REFERENCES users(id)
      );
      INSERT INTO escalation_settings (id) VALUES (1);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE escalation_settings, request_escalations');
  }
}
