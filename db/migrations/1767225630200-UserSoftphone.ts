import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's softphone in the console: the SIP password of their interface (`PJSIP/1101`), encrypted with a key
 * from the environment (server/softphone/sip-secret.ts) so that a copy of the database does not give the phones.
 * Expand only: a nullable column.
 */
export class UserSoftphone1767225630200 implements MigrationInterface {
  name = 'UserSoftphone1767225630200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ADD COLUMN sip_password_enc text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN sip_password_enc');
  }
}
