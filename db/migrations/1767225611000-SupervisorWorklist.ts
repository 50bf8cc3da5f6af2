import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the supervisor's follow-up work needs:
 * - the outcomes agents record when they call back a caller who hung up in the queue (the worklist itself is
 *   read from the call log, so it needs no table of its own), and a partial index on the missed calls;
 * - executors' e-mail addresses for the weekly digest, and one row per digest sent or tried.
 */
export class SupervisorWorklist1767225611000 implements MigrationInterface {
  name = 'SupervisorWorklist1767225611000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE abandoned_outcomes (
        id serial PRIMARY KEY,
        phone varchar(32) NOT NULL,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'wrong_number', 'not_needed')),
        user_id integer NOT NULL REFERENCES users(id),
        call_id varchar(64) REFERENCES calls(id) ON DELETE SET NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX abandoned_outcomes_phone ON abandoned_outcomes (phone, at DESC);
      CREATE INDEX calls_missed ON calls (caller_number, queued_at) WHERE direction = 'in' AND outcome IN ('abandoned', 'unanswered');
      CREATE INDEX calls_answered_number ON calls (caller_number, answered_at) WHERE answered_at IS NOT NULL;

      ALTER TABLE executors ADD COLUMN email varchar(254);
      CREATE TABLE digest_runs (
        id serial PRIMARY KEY,
        kind varchar(16) NOT NULL CHECK (kind IN ('executor', 'ranking')),
        week date NOT NULL,
        executor_id integer REFERENCES executors(id),
        recipients text[] NOT NULL,
        items integer NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('sent', 'failed')),
        error text,
        attempt integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX digest_runs_week ON digest_runs (week DESC, kind, executor_id, at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE digest_runs;
      ALTER TABLE executors DROP COLUMN email;
      DROP INDEX calls_answered_number, calls_missed;
      DROP TABLE abandoned_outcomes;
    `);
  }
}
