import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Call recordings (issue 23): one row per recorded call, keyed by the call's id (its Linkedid, also the file's
 * name), what happened to it on the call's timeline (started, paused, resumed, failed), and each retention run
 * with what it deleted. No foreign key to `calls`: the log writes its row in its own lane, possibly later.
 */
export class Recordings1767225623023 implements MigrationInterface {
  name = 'Recordings1767225623023';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recordings (
        call_id varchar(64) PRIMARY KEY,
        file varchar(200) NOT NULL,
        state varchar(20) NOT NULL CHECK (state IN ('recording', 'available', 'failed', 'deleted')),
        paused boolean NOT NULL DEFAULT false,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        duration_seconds numeric(10, 2),
        bytes bigint,
        failure varchar(40),
        deleted_at timestamptz,
        purge_id integer
      );
      CREATE INDEX recordings_expiry ON recordings (ended_at) WHERE state = 'available';
      CREATE TABLE recording_events (
        id bigserial PRIMARY KEY,
        call_id varchar(64) NOT NULL,
        at timestamptz NOT NULL,
        action varchar(20) NOT NULL,
        user_id integer REFERENCES users(id) ON DELETE SET NULL,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX recording_events_call ON recording_events (call_id, at);
      CREATE TABLE recording_purges (
        id serial PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        cutoff timestamptz NOT NULL,
        deleted integer NOT NULL DEFAULT 0,
        held integer NOT NULL DEFAULT 0,
        bytes bigint NOT NULL DEFAULT 0,
        errors integer NOT NULL DEFAULT 0
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE recording_purges; DROP TABLE recording_events; DROP TABLE recordings');
  }
}
