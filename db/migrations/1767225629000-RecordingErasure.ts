import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A citizen's recordings asked to be erased with the rest of their data. A file cannot be removed inside the
 * anonymisation's transaction, so the row is marked there and the recordings purge removes the file on its next run,
 * whatever the retention period says. Expand only: a nullable column.
 */
export class RecordingErasure1767225629000 implements MigrationInterface {
  name = 'RecordingErasure1767225629000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE recordings ADD COLUMN erase_requested_at timestamptz');
    await q.query(`CREATE INDEX recordings_erase_requested ON recordings (erase_requested_at) WHERE erase_requested_at IS NOT NULL AND state = 'available'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX recordings_erase_requested');
    await q.query('ALTER TABLE recordings DROP COLUMN erase_requested_at');
  }
}
