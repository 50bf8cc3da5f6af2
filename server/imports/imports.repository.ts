import type { Sql } from '../citizens/citizens.repository';
import type { ImportSummary } from './imports.service';

/** The import records (who, when, which file, what came of it) and the topic maps admins keep. */
export function createImportsRepository(sql: Sql) {
  return {
    async record(s: Omit<ImportSummary, 'id' | 'unmapped'>, userId: number | null, actor: string, startedAt: Date): Promise<number> {
      const [{ id }] = await sql.query(
        `INSERT INTO imports (format, file_name, file_hash, user_id, actor, dry_run, outcome, rows_total, rows_new, rows_updated,
                              rows_unchanged, rows_rejected, rows_unclassified, errors, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [s.format, s.fileName, s.fileHash, userId, actor, s.dryRun, s.outcome, s.total, s.new, s.updated, s.unchanged, s.rejected,
          s.unclassified, JSON.stringify(s.errors.slice(0, 1000)), startedAt],
      );
      return id;
    },

    async finish(id: number, s: Omit<ImportSummary, 'id' | 'unmapped'>): Promise<void> {
      await sql.query(
        `UPDATE imports SET outcome = $2, rows_total = $3, rows_new = $4, rows_updated = $5, rows_unchanged = $6, rows_rejected = $7,
                rows_unclassified = $8, finished_at = now() WHERE id = $1`,
        [id, s.outcome, s.total, s.new, s.updated, s.unchanged, s.rejected, s.unclassified],
      );
    },

    async list(limit: number): Promise<unknown[]> {
      return sql.query(
        `SELECT i.id, i.format, i.file_name AS "fileName", i.file_hash AS "fileHash", i.actor, i.user_id AS "userId", i.dry_run AS "dryRun",
                i.outcome, i.rows_total AS total, i.rows_new AS "new", i.rows_updated AS updated, i.rows_unchanged AS unchanged,
                i.rows_rejected AS rejected, i.rows_unclassified AS unclassified, i.started_at AS "startedAt", i.finished_at AS "finishedAt"
           FROM imports i ORDER BY i.finished_at DESC, i.id DESC LIMIT $1`,
        [limit],
      );
    },

    /** Adds or replaces map lines; returns how many were written. */
    async putTopicMap(format: string, lines: { key: string; text: string; topicCode: string }[]): Promise<number> {
      if (!lines.length) return 0;
      await sql.query(
        `INSERT INTO import_topic_maps (format, text_key, text, topic_code)
         SELECT $1, l.key, l.text, l.code FROM jsonb_to_recordset($2::jsonb) AS l(key text, text text, code text)
         ON CONFLICT (format, text_key) DO UPDATE SET text = EXCLUDED.text, topic_code = EXCLUDED.topic_code, updated_at = now()`,
        [format, JSON.stringify(lines.map((l) => ({ key: l.key, text: l.text, code: l.topicCode })))],
      );
      return lines.length;
    },
  };
}
