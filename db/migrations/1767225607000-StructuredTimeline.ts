import type { MigrationInterface, QueryRunner } from 'typeorm';

const LEGACY_INFORMED = 'applicant informed: term extended to ';
const LEGACY_ANONYMOUS = 'anonymous appeal: no applicant to inform';

/**
 * Timeline lines are a kind and its parameters; the console words them in the reader's language. Earlier
 * extensions wrote an English sentence and claimed the applicant was informed when nobody had said so:
 * those lines become what they were — a notice nobody recorded, or an anonymous appeal with nobody to inform.
 */
export class StructuredTimeline1767225607000 implements MigrationInterface {
  name = 'StructuredTimeline1767225607000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE request_events SET action = 'applicant_notice_unrecorded', comment = NULL
        WHERE action = 'applicant_notified' AND NOT (data ? 'channel') AND comment LIKE $1`,
      [`${LEGACY_INFORMED}%`],
    );
    await q.query(
      `UPDATE request_events SET action = 'no_applicant_to_inform', comment = NULL
        WHERE action = 'applicant_notified' AND NOT (data ? 'channel') AND comment = $1`,
      [LEGACY_ANONYMOUS],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE request_events SET action = 'applicant_notified', comment = $1 || (data->>'dueAt')
        WHERE action = 'applicant_notice_unrecorded'`,
      [LEGACY_INFORMED],
    );
    await q.query(`UPDATE request_events SET action = 'applicant_notified', comment = $1 WHERE action = 'no_applicant_to_inform'`, [LEGACY_ANONYMOUS]);
  }
}
