import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Information notices (item 4.6 of the city's decision): what agents must have at hand while talking, valid for a
 * period, optionally tagged with topics and districts so that the pop can show the ones about the caller.
 */
export class Notices1767225631100 implements MigrationInterface {
  name = 'Notices1767225631100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notices (
        id serial PRIMARY KEY,
        kind varchar(16) NOT NULL DEFAULT 'news' CHECK (kind IN ('news', 'legislation', 'problem', 'script')),
        title varchar(200) NOT NULL,
        body text NOT NULL,
        valid_from timestamptz NOT NULL DEFAULT now(),
        valid_until timestamptz NOT NULL,
        topic_codes varchar(16)[] NOT NULL DEFAULT '{}',
        district_codes varchar(8)[] NOT NULL DEFAULT '{}',
        created_by int REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_until > valid_from)
      );
      CREATE INDEX notices_valid_until ON notices (valid_until);
      CREATE TABLE notice_acks (
        notice_id int NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
        user_id int NOT NULL REFERENCES users(id),
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (notice_id, user_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notice_acks, notices');
  }
}
