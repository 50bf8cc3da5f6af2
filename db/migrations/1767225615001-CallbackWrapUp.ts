import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A click-to-call that reached the citizen is wrapped up like any other call (issue 20 item 7); when it was the
 * callback of an abandoned caller, the outcome the agent records for the worklist is that wrap-up: `callback`.
 */
export class CallbackWrapUp1767225615001 implements MigrationInterface {
  name = 'CallbackWrapUp1767225615001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE calls DROP CONSTRAINT calls_wrap_up_kind_check;
      ALTER TABLE calls ADD CONSTRAINT calls_wrap_up_kind_check CHECK (wrap_up_kind IN ('request', 'attached', 'consultation', 'callback'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // The worklist keeps each callback's outcome (abandoned_outcomes.call_id); the call goes back to unclassified.
    await q.query(`
      UPDATE calls SET wrap_up_kind = NULL, wrapped_up_at = NULL WHERE wrap_up_kind = 'callback';
      ALTER TABLE calls DROP CONSTRAINT calls_wrap_up_kind_check;
      ALTER TABLE calls ADD CONSTRAINT calls_wrap_up_kind_check CHECK (wrap_up_kind IN ('request', 'attached', 'consultation'));
    `);
  }
}
