import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a failed consultation leg will be dialled again: the live panel shows "failed, retry at 10:46" instead
 * of "dialling" for the minute between attempts, and a restarted server knows a retry is owed.
 */
export class ConsultationLegRetry1767225614020 implements MigrationInterface {
  name = 'ConsultationLegRetry1767225614020';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE consultation_legs ADD COLUMN retry_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE consultation_legs DROP COLUMN retry_at');
  }
}
