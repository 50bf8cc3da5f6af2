import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sender's number names one appeal: (source, external number) becomes unique. Two imports of one file at the
 * same time had made every request twice; the index now makes the second import wait for the first and meet
 * its rows (the import also takes a lock per source before it matches, so it sees them instead of failing).
 *
 * Requests already sharing a key (made by that race, or typed in twice by hand) are kept, none deleted: the
 * first (lowest id) keeps the number, each later one keeps it with " #<its id>" appended (so it is still found
 * by the number) and the flag `duplicate` (дублетне). `down` takes the suffixes off again.
 */
export class UniqueExternalNumber1767225615000 implements MigrationInterface {
  name = 'UniqueExternalNumber1767225615000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      UPDATE requests r
         SET external_number = left(r.external_number, 64 - length(' #' || r.id)) || ' #' || r.id,
             flags = CASE WHEN 'duplicate' = ANY(r.flags) THEN r.flags ELSE array_append(r.flags, 'duplicate') END
        FROM (SELECT id, row_number() OVER (PARTITION BY source, external_number ORDER BY id) AS nth
                FROM requests WHERE external_number IS NOT NULL) d
       WHERE d.id = r.id AND d.nth > 1`);
    await q.query(`
      CREATE UNIQUE INDEX requests_external_unique ON requests (external_number, source) WHERE external_number IS NOT NULL;
      DROP INDEX requests_external;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('SET LOCAL statement_timeout = 0');
    await q.query(`
      CREATE INDEX requests_external ON requests (external_number, source) WHERE external_number IS NOT NULL;
      DROP INDEX requests_external_unique;
      UPDATE requests SET external_number = left(external_number, length(external_number) - length(' #' || id))
       WHERE external_number LIKE '% #' || id;
    `);
  }
}
