import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (issue 21 item 2): how long each kind of data is kept, and every run of the job that anonymises or
 * deletes what expired, with its progress per citizen so an interrupted run is finished by the next. Expand
 * only: new tables, nothing an older node reads is touched.
 */
export class Retention1767225621100 implements MigrationInterface {
  name = 'Retention1767225621100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- One row per kind of data. A kind added later (recordings, issue 23) is one more row: its own period,
      -- what the period runs from, and the ground for it.
      CREATE TABLE retention_settings (
        kind varchar(32) PRIMARY KEY,
        keep interval NOT NULL CHECK (keep >= interval '0'),
        counted_from text NOT NULL,
        basis text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO retention_settings (kind, keep, counted_from, basis) VALUES
        ('requests', '5 years', 'closing', 'Instruction 348 on appeals and the archival list: registration cards and their files, 5 years'),
        ('calls', '3 years', 'end of the call', 'the archival list: registers of telephone calls, 3 years'),
        ('audit_log', '5 years', 'the entry', 'kept at least as long as the longest period of what it audits'),
        ('sessions', '90 days', 'the login', 'security logs: 90 days'),
        ('login_failures', '90 days', 'the last failure', 'security logs: 90 days'),
        ('import_files', '0 days', 'the end of the import', 'an uploaded file is deleted when its import ends; the record (sha256, counts) stays');

      CREATE TABLE retention_runs (
        id serial PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        status varchar(16) NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        trigger varchar(16) NOT NULL CHECK (trigger IN ('schedule', 'manual', 'cli')),
        node text,
        -- The cut-offs are taken once, when the run starts; a run finished by another keeps them.
        cutoffs jsonb NOT NULL,
        anonymised integer NOT NULL DEFAULT 0,
        held integer NOT NULL DEFAULT 0,
        deleted jsonb NOT NULL DEFAULT '{}',
        resumed integer NOT NULL DEFAULT 0,
        error text
      );
      CREATE INDEX retention_runs_started ON retention_runs (started_at DESC);
      CREATE TABLE retention_run_citizens (
        run_id integer NOT NULL REFERENCES retention_runs(id) ON DELETE CASCADE,
        citizen_id integer NOT NULL REFERENCES citizens(id),
        outcome varchar(16) NOT NULL CHECK (outcome IN ('anonymised', 'held')),
        detail jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, citizen_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE retention_run_citizens, retention_runs, retention_settings');
  }
}
