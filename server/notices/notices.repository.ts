import type { Sql } from '../citizens/citizens.repository';
import type { NewNotice, NoticeKind } from './notices.schemas';

export interface NoticeRow {
  id: number;
  kind: NoticeKind;
  title: string;
  body: string;
  validFrom: string;
  validUntil: string;
  topicCodes: string[];
  districtCodes: string[];
  createdAt: string;
  createdBy: { id: number; fullName: string | null } | null;
  /** Whether the asking user has acknowledged it. */
  acknowledged: boolean;
  /** Staff who have it to read (agents) and those of them who acknowledged it: the supervisor's "who has not". */
  readers: number;
  acks: number;
}

const ACTIVE = 'n.valid_from <= now() AND n.valid_until > now()';

const COLUMNS = `n.id, n.kind, n.title, n.body, n.valid_from AS "validFrom", n.valid_until AS "validUntil",
  n.topic_codes AS "topicCodes", n.district_codes AS "districtCodes", n.created_at AS "createdAt",
  CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'fullName', u.full_name) END AS "createdBy",
  EXISTS (SELECT 1 FROM notice_acks a WHERE a.notice_id = n.id AND a.user_id = $1) AS acknowledged,
  (SELECT count(*)::int FROM users r WHERE r.role = 'agent' AND r.active) AS readers,
  (SELECT count(*)::int FROM notice_acks a JOIN users r ON r.id = a.user_id WHERE a.notice_id = n.id AND r.role = 'agent' AND r.active) AS acks`;

const iso = (row: NoticeRow): NoticeRow => ({
  ...row,
  validFrom: new Date(row.validFrom).toISOString(),
  validUntil: new Date(row.validUntil).toISOString(),
  createdAt: new Date(row.createdAt).toISOString(),
});

export function createNoticesRepository(sql: Sql) {
  async function one(id: number, userId: number): Promise<NoticeRow | null> {
    const [row] = await sql.query(`SELECT ${COLUMNS} FROM notices n LEFT JOIN users u ON u.id = n.created_by WHERE n.id = $2`, [userId, id]);
    return row ? iso(row) : null;
  }

  return {
    one,

    async create(n: NewNotice, userId: number): Promise<NoticeRow> {
      const [{ id }] = await sql.query(
        `INSERT INTO notices (kind, title, body, valid_from, valid_until, topic_codes, district_codes, created_by)
         VALUES ($1, $2, $3, coalesce($4::timestamptz, now()), $5, $6, $7, $8) RETURNING id`,
        [n.kind, n.title, n.body, n.validFrom ?? null, n.validUntil, [...new Set(n.topicCodes)], [...new Set(n.districtCodes)], userId],
      );
      return (await one(id, userId))!;
    },

    /** Active ones (or the last 200 of any state), newest first. */
    async list(userId: number, activeOnly: boolean): Promise<NoticeRow[]> {
      const rows = await sql.query(
        `SELECT ${COLUMNS} FROM notices n LEFT JOIN users u ON u.id = n.created_by
          ${activeOnly ? `WHERE ${ACTIVE}` : ''} ORDER BY n.valid_from DESC, n.id DESC LIMIT 200`,
        [userId],
      );
      return rows.map(iso);
    },

    /** Idempotent: a second acknowledgement keeps the first one's time. */
    async ack(id: number, userId: number): Promise<boolean> {
      const [row] = await sql.query('SELECT 1 FROM notices WHERE id = $1', [id]);
      if (!row) return false;
      await sql.query('INSERT INTO notice_acks (notice_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, userId]);
      return true;
    },

    /** Every active agent and when they acknowledged (null: not yet), those who have not first. */
    async readers(id: number): Promise<{ userId: number; fullName: string | null; username: string; ackedAt: string | null }[]> {
      const rows = await sql.query(
        `SELECT u.id AS "userId", u.full_name AS "fullName", u.username, a.at AS "ackedAt"
           FROM users u LEFT JOIN notice_acks a ON a.user_id = u.id AND a.notice_id = $1
          WHERE u.role = 'agent' AND u.active ORDER BY a.at IS NOT NULL, u.full_name, u.username`,
        [id],
      );
      return rows.map((r: { ackedAt: string | null }) => ({ ...r, ackedAt: r.ackedAt ? new Date(r.ackedAt).toISOString() : null }));
    },
  };
}
