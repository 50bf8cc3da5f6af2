import type { MigrationInterface, QueryRunner } from 'typeorm';
import { readCsv } from '../reference/csv';

const file = (name: string) => new URL(`../reference/${name}`, import.meta.url);

/**
 * The city's reference data: the classifier groups of CMU resolution 858, the city's topics (two levels),
 * the seven districts, the executors, and the routing rules derived from what each executor handles.
 */
export class ReferenceData1767225600001 implements MigrationInterface {
  name = 'ReferenceData1767225600001';

  async up(q: QueryRunner): Promise<void> {
    for (const g of readCsv(file('klas858.csv'))) {
      await q.query('INSERT INTO classifier_groups (code, name_uk) VALUES ($1, $2)', [g.code, g.name_uk]);
    }
    for (const d of readCsv(file('districts.csv'))) {
      await q.query('INSERT INTO districts (code, name_uk, name_en) VALUES ($1, $2, $3)', [d.code, d.name_uk, d.name_en]);
    }
    // Parents come first in the file, so the self-reference is satisfied row by row.
    for (const t of readCsv(file('topics.csv'))) {
      await q.query(
        `INSERT INTO topics (code, parent_code, name_uk, name_en, report_group, deadline, emergency_hours, executor_kind, klas858)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [t.code, t.parent || null, t.name_uk, t.name_en, t.report_group, t.deadline || null,
          t.deadline === 'emergency_24h' ? 24 : null, t.executor_kind || null, t.klas858 || null],
      );
    }
    for (const e of readCsv(file('executors.csv'))) {
      await q.query(
        'INSERT INTO executors (code, name_uk, name_en, kind, handles, district_code) VALUES ($1, $2, $3, $4, $5, $6)',
        [e.code, e.name_uk, e.name_en, e.kind, e.handles.split('|').filter(Boolean), e.district || null],
      );
    }
    // A topic goes to the executors that handle its kind: city-wide ones get the district-less rule,
    // district executive committees the rule for their district.
    await q.query(`
      INSERT INTO routing_rules (topic_code, district_code, executor_id)
      SELECT DISTINCT ON (t.code, e.district_code) t.code, e.district_code, e.id
        FROM topics t JOIN executors e ON t.executor_kind = ANY (e.handles)
       ORDER BY t.code, e.district_code, e.kind = 'district' DESC, e.id
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM routing_rules; DELETE FROM executors; DELETE FROM topics; DELETE FROM districts; DELETE FROM classifier_groups;');
  }
}
