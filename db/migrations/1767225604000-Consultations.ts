import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Online consultations with officials: the schedule, the citizens registered with their questions, the
 * phone legs dialled into the ConfBridge room, and one summary row per consultation that the yearly report
 * reads (held, questions, answered, requests made, duration).
 */
export class Consultations1767225604000 implements MigrationInterface {
  name = 'Consultations1767225604000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consultations (
        id serial PRIMARY KEY,
        official_id integer NOT NULL REFERENCES users(id),
        topic text NOT NULL,
        topic_code varchar(16) REFERENCES topics(code),
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 200),
        room varchar(8) NOT NULL,
        pin varchar(8) NOT NULL,
        dial_mode varchar(12) NOT NULL DEFAULT 'sequential' CHECK (dial_mode IN ('sequential', 'parallel')),
        auto_start boolean NOT NULL DEFAULT true,
        status varchar(12) NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'running', 'ended', 'cancelled', 'missed')),
        alert varchar(32),
        invite_email varchar(254),
        cancel_reason text,
        started_at timestamptz,
        ended_at timestamptz,
        created_by integer NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX consultations_official_starts ON consultations (official_id, starts_at);
      CREATE INDEX consultations_starts ON consultations (starts_at);

      CREATE TABLE consultation_participants (
        id serial PRIMARY KEY,
        consultation_id integer NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
        citizen_id integer NOT NULL REFERENCES citizens(id),
        phone varchar(20) NOT NULL,
        question text NOT NULL,
        topic_code varchar(16) REFERENCES topics(code),
        position integer NOT NULL,
        call_id varchar(64),
        registered_by integer NOT NULL REFERENCES users(id),
        registered_at timestamptz NOT NULL DEFAULT now(),
        outcome varchar(12) CHECK (outcome IN ('answered', 'request')),
        request_id integer REFERENCES requests(id),
        outcome_at timestamptz,
        UNIQUE (consultation_id, citizen_id)
      );
      CREATE INDEX consultation_participants_citizen ON consultation_participants (citizen_id);

      CREATE TABLE consultation_legs (
        id serial PRIMARY KEY,
        consultation_id integer NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
        participant_id integer REFERENCES consultation_participants(id) ON DELETE SET NULL,
        who varchar(10) NOT NULL CHECK (who IN ('official', 'citizen', 'guest')),
        number varchar(40) NOT NULL,
        direction varchar(3) NOT NULL DEFAULT 'out' CHECK (direction IN ('out', 'in')),
        channel_id varchar(64) NOT NULL UNIQUE,
        channel varchar(128),
        state varchar(8) NOT NULL CHECK (state IN ('dialing', 'joined', 'left', 'failed')),
        attempts integer NOT NULL DEFAULT 1,
        last_outcome varchar(16),
        dialed_at timestamptz NOT NULL DEFAULT now(),
        joined_at timestamptz,
        left_at timestamptz
      );
      CREATE INDEX consultation_legs_consultation ON consultation_legs (consultation_id);

      CREATE TABLE consultation_summaries (
        consultation_id integer PRIMARY KEY REFERENCES consultations(id) ON DELETE CASCADE,
        official_id integer NOT NULL REFERENCES users(id),
        topic_code varchar(16),
        starts_at timestamptz NOT NULL,
        held boolean NOT NULL,
        questions integer NOT NULL,
        answered integer NOT NULL,
        requests_made integer NOT NULL,
        legs_dialled integer NOT NULL,
        legs_joined integer NOT NULL,
        duration_seconds integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX consultation_summaries_starts ON consultation_summaries (starts_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE consultation_summaries; DROP TABLE consultation_legs; DROP TABLE consultation_participants; DROP TABLE consultations');
  }
}
