import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfers from the console (issue 23 item 3): each agent's part of a transferred call, so the call log keeps
 * both agents (talk time each) while `calls` keeps the agent who took it first. A transfer made from a phone
 * (not through the console) is recorded too, with `to_kind` `phone`.
 */
export class CallTransfers1767225623300 implements MigrationInterface {
  name = 'CallTransfers1767225623300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_transfers (
        id uuid PRIMARY KEY,
        call_id varchar(64) NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        mode varchar(8) NOT NULL CHECK (mode IN ('blind', 'attended')),
        to_kind varchar(8) NOT NULL CHECK (to_kind IN ('queue', 'user', 'number', 'phone')),
        to_value varchar(64),
        from_user_id integer REFERENCES users (id) ON DELETE SET NULL,
        from_interface varchar(128),
        from_talk_seconds integer,
        status varchar(16) NOT NULL DEFAULT 'requested'
          CHECK (status IN ('requested', 'consulting', 'transferred', 'answered', 'no_answer', 'cancelled', 'failed')),
        to_user_id integer REFERENCES users (id) ON DELETE SET NULL,
        to_interface varchar(128),
        requested_at timestamptz NOT NULL DEFAULT now(),
        transferred_at timestamptz,
        answered_at timestamptz,
        ended_at timestamptz,
        talk_seconds integer
      );
      CREATE INDEX call_transfers_call ON call_transfers (call_id, requested_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE call_transfers');
  }
}
