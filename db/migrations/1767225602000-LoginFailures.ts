import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed logins per (account, source address), so that the login limiter's backoff holds across restarts and
 * across the nodes of a cluster, and so that guessing from one address never locks the account elsewhere.
 * The username is kept as typed (lower-cased), also when no such user exists: the answer must not tell.
 */
export class LoginFailures1767225602000 implements MigrationInterface {
  name = 'LoginFailures1767225602000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_failures (
        username text NOT NULL,
        source text NOT NULL,
        failures integer NOT NULL,
        last_failed_at timestamptz NOT NULL,
        PRIMARY KEY (username, source)
      );
      CREATE INDEX login_failures_source ON login_failures (source, last_failed_at);
      CREATE INDEX login_failures_last ON login_failures (last_failed_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_failures');
  }
}
