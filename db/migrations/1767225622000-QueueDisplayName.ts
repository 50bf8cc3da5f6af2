import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A queue's name for people ("Гаряча лінія"): the PBX's name (`hotline`) is an identifier, not Ukrainian. */
export class QueueDisplayName1767225622000 implements MigrationInterface {
  name = 'QueueDisplayName1767225622000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE queue_settings ADD COLUMN display_name varchar(80)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE queue_settings DROP COLUMN display_name');
  }
}
