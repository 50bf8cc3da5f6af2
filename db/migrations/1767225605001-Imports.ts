import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appeals brought in from files (1545, the governor's hotline, the city's previous system):
 * - the topic maps (the sender's topic text → our topic) that admins edit;
 * - one record per imported file (who, when, the file's hash, the counts);
 * - the sender's own fields of each imported appeal (status, sub-status, answer date …), kept apart from our
 *   workflow so that a re-import never overwrites what our executors did; their changes go to the timeline;
 * - an "unclassified" topic for rows whose topic text is not in the map yet.
 */
export class Imports1767225605001 implements MigrationInterface {
  name = 'Imports1767225605001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO topics (code, parent_code, name_uk, name_en, report_group, deadline, klas858)
      VALUES ('OT.00', 'OT', 'Некласифіковане (імпорт)', 'Unclassified (import)', 'other', 'days_30', '025');
      -- Not offered to agents (inactive): only imports use it, until someone classifies the appeal.
      UPDATE topics SET active = false WHERE code = 'OT.00';
      CREATE TABLE import_topic_maps (
        format varchar(24) NOT NULL,
        text_key text NOT NULL,
        text text NOT NULL,
        topic_code varchar(16) NOT NULL REFERENCES topics(code),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (format, text_key)
      );
      CREATE TABLE imports (
        id serial PRIMARY KEY,
        format varchar(24) NOT NULL,
        file_name text NOT NULL,
        file_hash char(64) NOT NULL,
        user_id integer REFERENCES users(id),
        actor text NOT NULL,
        dry_run boolean NOT NULL,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('imported', 'rejected', 'dry_run')),
        rows_total integer NOT NULL,
        rows_new integer NOT NULL,
        rows_updated integer NOT NULL,
        rows_unchanged integer NOT NULL,
        rows_rejected integer NOT NULL,
        rows_unclassified integer NOT NULL,
        errors jsonb NOT NULL DEFAULT '[]',
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX imports_finished ON imports (finished_at DESC);
      CREATE TABLE request_external (
        request_id integer PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,
        fields jsonb NOT NULL,
        import_id integer REFERENCES imports(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- The re-import key: (source, external number). Not unique: appeals typed in by hand may repeat a number.
      CREATE INDEX requests_source_external ON requests (source, external_number) WHERE external_number IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX requests_source_external;
      DROP TABLE request_external;
      DROP TABLE imports;
      DROP TABLE import_topic_maps;
      UPDATE requests SET topic_code = 'OT.01' WHERE topic_code = 'OT.00';
      DELETE FROM topics WHERE code = 'OT.00';
    `);
  }
}
