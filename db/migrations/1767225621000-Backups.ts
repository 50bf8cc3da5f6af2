import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The scheduled backups' log: what the admins' page lists and what /metrics reports, whichever node ran them. */
export class Backups1767225621000 implements MigrationInterface {
  name = 'Backups1767225621000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backups (
        id serial PRIMARY KEY,
        at timestamptz NOT NULL,
        file text NOT NULL,
        bytes bigint,
        ok boolean NOT NULL,
        error text,
        pruned_at timestamptz
      );
      CREATE INDEX backups_at ON backups (at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE backups');
  }
}
