import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The domain schema every later feature extends: reference data, users and sessions, citizens and their
 * phones, requests and their timeline, calls, and the audit log.
 */
export class Foundation1767225600000 implements MigrationInterface {
  name = 'Foundation1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE districts (
        code varchar(8) PRIMARY KEY,
        name_uk text NOT NULL,
        name_en text NOT NULL
      );
      CREATE TABLE classifier_groups (
        code varchar(3) PRIMARY KEY,
        name_uk text NOT NULL
      );
      CREATE TABLE topics (
        code varchar(16) PRIMARY KEY,
        parent_code varchar(16) REFERENCES topics(code),
        name_uk text NOT NULL,
        name_en text NOT NULL,
        report_group varchar(32) NOT NULL,
        deadline varchar(16) CHECK (deadline IN ('emergency_24h', 'days_15', 'days_30')),
        emergency_hours integer,
        executor_kind varchar(32),
        klas858 varchar(3) REFERENCES classifier_groups(code),
        active boolean NOT NULL DEFAULT true
      );
      CREATE TABLE executors (
        id serial PRIMARY KEY,
        code varchar(32) NOT NULL UNIQUE,
        name_uk text NOT NULL,
        name_en text NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('utility', 'department', 'district')),
        handles text[] NOT NULL DEFAULT '{}',
        district_code varchar(8) REFERENCES districts(code),
        active boolean NOT NULL DEFAULT true
      );
      CREATE TABLE routing_rules (
        id serial PRIMARY KEY,
        topic_code varchar(16) NOT NULL REFERENCES topics(code),
        district_code varchar(8) REFERENCES districts(code),
        executor_id integer NOT NULL REFERENCES executors(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- One rule per topic and district; a NULL district is the city-wide rule.
      CREATE UNIQUE INDEX routing_rules_topic_district ON routing_rules (topic_code, coalesce(district_code, ''));

      CREATE TABLE users (
        id serial PRIMARY KEY,
        username varchar(64) NOT NULL,
        full_name text NOT NULL DEFAULT '',
        role varchar(16) NOT NULL CHECK (role IN ('agent', 'supervisor', 'official', 'executor', 'admin')),
        interface varchar(128) UNIQUE,
        phone varchar(20),
        executor_id integer REFERENCES executors(id),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT executor_has_organisation CHECK ((role = 'executor') = (executor_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
      CREATE TABLE sessions (
        id char(64) PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip varchar(64),
        user_agent text
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE INDEX sessions_expires ON sessions (expires_at);

      CREATE TABLE citizens (
        id serial PRIMARY KEY,
        full_name text,
        address text,
        district_code varchar(8) REFERENCES districts(code),
        category varchar(64),
        social_status varchar(64),
        privileged boolean NOT NULL DEFAULT false,
        confidential boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE citizen_phones (
        citizen_id integer NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
        phone varchar(20) NOT NULL,
        PRIMARY KEY (citizen_id, phone)
      );
      CREATE INDEX citizen_phones_phone ON citizen_phones (phone);

      CREATE TABLE request_counters (
        year integer PRIMARY KEY,
        last integer NOT NULL
      );
      CREATE TABLE requests (
        id serial PRIMARY KEY,
        number varchar(16) NOT NULL UNIQUE,
        received_at timestamptz NOT NULL,
        source varchar(24) NOT NULL CHECK (source IN
          ('call', 'web', 'ukc1545', 'regional_hotline', 'written', 'personal', 'e_petition', 'consultation')),
        external_number varchar(64),
        kind varchar(16) NOT NULL DEFAULT 'application' CHECK (kind IN ('proposal', 'application', 'complaint')),
        subject varchar(16) NOT NULL DEFAULT 'individual' CHECK (subject IN ('individual', 'collective', 'anonymous')),
        signatories integer,
        addressee varchar(24),
        topic_code varchar(16) NOT NULL REFERENCES topics(code),
        citizen_id integer REFERENCES citizens(id),
        address text,
        district_code varchar(8) REFERENCES districts(code),
        description text NOT NULL,
        executor_id integer REFERENCES executors(id),
        status varchar(16) NOT NULL,
        result varchar(16),
        answer text,
        needs_study boolean NOT NULL DEFAULT true,
        due_at timestamptz,
        extended_days integer NOT NULL DEFAULT 0,
        flags text[] NOT NULL DEFAULT '{}',
        rework_count integer NOT NULL DEFAULT 0,
        satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
        incident_id integer REFERENCES requests(id),
        closed_at timestamptz,
        created_by integer REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE INDEX requests_citizen ON requests (citizen_id, received_at DESC);
      CREATE INDEX requests_executor_status ON requests (executor_id, status);
      CREATE INDEX requests_status_due ON requests (status, due_at);
      CREATE INDEX requests_received ON requests (received_at);
      CREATE INDEX requests_topic ON requests (topic_code);
      CREATE TABLE request_events (
        id bigserial PRIMARY KEY,
        request_id integer NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id integer REFERENCES users(id),
        action varchar(32) NOT NULL,
        from_status varchar(16),
        to_status varchar(16),
        comment text,
        data jsonb
      );
      CREATE INDEX request_events_request ON request_events (request_id, at);

      CREATE TABLE calls (
        id varchar(64) PRIMARY KEY,
        caller_number varchar(32),
        caller_name text,
        citizen_id integer REFERENCES citizens(id),
        queue varchar(64),
        agent_user_id integer REFERENCES users(id),
        interface varchar(128),
        direction varchar(8) NOT NULL DEFAULT 'in' CHECK (direction IN ('in', 'out')),
        queued_at timestamptz,
        offered_at timestamptz,
        answered_at timestamptz,
        ended_at timestamptz,
        hold_seconds integer,
        talk_seconds integer,
        outcome varchar(16) NOT NULL DEFAULT 'in_progress',
        hangup_by varchar(16),
        wrap_up_kind varchar(16) CHECK (wrap_up_kind IN ('request', 'attached', 'consultation')),
        wrap_up_topic_code varchar(16) REFERENCES topics(code),
        wrapped_up_at timestamptz
      );
      CREATE INDEX calls_citizen ON calls (citizen_id, queued_at DESC);
      CREATE INDEX calls_caller_number ON calls (caller_number, queued_at DESC);
      CREATE INDEX calls_agent ON calls (agent_user_id, queued_at DESC);
      CREATE TABLE call_requests (
        call_id varchar(64) NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        request_id integer NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        PRIMARY KEY (call_id, request_id)
      );
      CREATE INDEX call_requests_request ON call_requests (request_id);

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        user_id integer REFERENCES users(id),
        action varchar(32) NOT NULL,
        entity varchar(32) NOT NULL,
        entity_id varchar(64),
        detail jsonb,
        ip varchar(64)
      );
      CREATE INDEX audit_log_at ON audit_log (at DESC);
      CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log, call_requests, calls, request_events, requests, request_counters,
        citizen_phones, citizens, sessions, users, routing_rules, executors, topics, classifier_groups, districts;
    `);
  }
}
