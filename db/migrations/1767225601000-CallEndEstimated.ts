import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A call whose end nobody saw (Asterisk crashed, the link was down) is closed at the last moment it was known
 * alive; this flag says so, so that talk times and reports can tell measured ends from estimated ones.
 */
export class CallEndEstimated1767225601000 implements MigrationInterface {
  name = 'CallEndEstimated1767225601000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE calls ADD COLUMN ended_estimated boolean NOT NULL DEFAULT false');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE calls DROP COLUMN ended_estimated');
  }
}
