import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the live call log needs: after every resync the server closes the calls the PBX no longer carries
 * (`ended_at IS NULL`), and on reconnect finds an agent's answered call still waiting for its wrap-up. Both
 * are tiny sets in a table of millions of calls, hence partial indexes.
 */
export class CallLog1767225600400 implements MigrationInterface {
  name = 'CallLog1767225600400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX calls_open ON calls (id) WHERE ended_at IS NULL;
      CREATE INDEX calls_awaiting_wrap_up ON calls (agent_user_id, answered_at DESC)
        WHERE wrap_up_kind IS NULL AND answered_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX calls_awaiting_wrap_up, calls_open');
  }
}
