import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staffing (issue 28): days left out of the forecast's averages (an air-raid day, an outage), and the rota a
 * supervisor entered (agents scheduled per queue and half hour), so the forecast can be set against it; the calls a supervisor forecast by hand for a holiday or an exceptional
 * day; and each
 * agent's states with their pause reasons, from which occupancy and shrinkage are measured.
 */
export class Staffing1767225628000 implements MigrationInterface {
  name = 'Staffing1767225628000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staffing_exception_days (
        day date PRIMARY KEY,
        reason text NOT NULL,
        created_by integer REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE staffing_rota (
        queue varchar(80) NOT NULL,
        starts_at timestamptz NOT NULL,
        agents integer NOT NULL CHECK (agents BETWEEN 0 AND 10000),
        updated_by integer REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (queue, starts_at)
      );
      CREATE TABLE staffing_manual_load (
        queue varchar(80) NOT NULL,
        starts_at timestamptz NOT NULL,
        offered numeric(9, 1) NOT NULL CHECK (offered BETWEEN 0 AND 100000),
        updated_by integer REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (queue, starts_at)
      );
      CREATE TABLE agent_states (
        id bigserial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        state varchar(16) NOT NULL,
        reason varchar(80),
        started_at timestamptz NOT NULL,
        ended_at timestamptz
      );
      CREATE INDEX agent_states_period ON agent_states (started_at, user_id);
      CREATE INDEX agent_states_open ON agent_states (user_id) WHERE ended_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE agent_states; DROP TABLE staffing_manual_load; DROP TABLE staffing_rota; DROP TABLE staffing_exception_days');
  }
}
