import type { EntityManager } from 'typeorm';
import type { Role } from '../../db/entities';
import type { AuthUser } from '../auth/auth.types';
import type { UserListQuery } from './users.schemas';

/** What an admin sees of a user: the signed-in user's fields and more, never the password hash. */
export interface UserRow extends AuthUser {
  executorCode: string | null;
  executorName: string | null;
  active: boolean;
  createdAt: string;
  /** A SIP password is set for the console's softphone (the password itself is never read here). */
  softphone?: boolean;
}

type Sql = Pick<EntityManager, 'query'>;

const SELECT = `SELECT u.id, u.username, u.full_name AS "fullName", u.role, u.interface, u.phone,
       u.executor_id AS "executorId", e.code AS "executorCode", e.name_uk AS "executorName", u.active, u.created_at AS "createdAt",
       u.sip_password_enc IS NOT NULL AS softphone
  FROM users u LEFT JOIN executors e ON e.id = u.executor_id`;

export interface StoredFields {
  fullName: string;
  role: Role;
  interface: string | null;
  phone: string | null;
  executorId: number | null;
}

export const usersRepository = {
  async list(db: Sql, q: UserListQuery): Promise<{ items: UserRow[]; total: number }> {
    const where = `($1::text IS NULL OR u.username ILIKE '%' || $1 || '%' OR u.full_name ILIKE '%' || $1 || '%' OR u.interface ILIKE '%' || $1 || '%')
      AND ($2::text IS NULL OR u.role = $2) AND ($3::boolean IS NULL OR u.active = $3) AND ($4::text IS NULL OR e.code = $4)`;
    const args = [q.q || null, q.role ?? null, q.active ?? null, q.executor || null];
    const items: UserRow[] = await db.query(`${SELECT} WHERE ${where} ORDER BY u.active DESC, lower(u.username) LIMIT $5 OFFSET $6`, [
      ...args, q.pageSize, (q.page - 1) * q.pageSize,
    ]);
    const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM users u LEFT JOIN executors e ON e.id = u.executor_id WHERE ${where}`, args);
    return { items, total };
  },

  async byId(db: Sql, id: number): Promise<UserRow | null> {
    const [row] = await db.query(`${SELECT} WHERE u.id = $1`, [id]);
    return row ?? null;
  },

  async byUsername(db: Sql, username: string): Promise<UserRow | null> {
    const [row] = await db.query(`${SELECT} WHERE lower(u.username) = lower($1)`, [username]);
    return row ?? null;
  },

  async executorIdByCode(db: Sql, code: string): Promise<number | null> {
    const [row] = await db.query('SELECT id FROM executors WHERE code = $1', [code]);
    return row?.id ?? null;
  },

  /** Locks every active admin row, so two admins cannot demote each other at the same moment. */
  async lockActiveAdmins(db: Sql): Promise<number[]> {
    const rows: { id: number }[] = await db.query(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`);
    return rows.map((r) => r.id);
  },

  async insert(db: Sql, username: string, f: StoredFields, passwordHash: string): Promise<number> {
    const [row] = await db.query(
      `INSERT INTO users (username, full_name, role, interface, phone, executor_id, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [username, f.fullName, f.role, f.interface, f.phone, f.executorId, passwordHash],
    );
    return row.id;
  },

  async update(db: Sql, id: number, f: StoredFields): Promise<void> {
    await db.query('UPDATE users SET full_name = $2, role = $3, interface = $4, phone = $5, executor_id = $6 WHERE id = $1', [
      id, f.fullName, f.role, f.interface, f.phone, f.executorId,
    ]);
  },

  async deactivate(db: Sql, id: number): Promise<void> {
    // the interface is freed too, so the desk can be given to someone else
    await db.query('UPDATE users SET active = false, interface = NULL WHERE id = $1', [id]);
  },

  async reactivate(db: Sql, id: number): Promise<void> {
    await db.query('UPDATE users SET active = true WHERE id = $1', [id]);
  },

  async setPassword(db: Sql, id: number, passwordHash: string): Promise<void> {
    await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
  },

  async closeSessions(db: Sql, id: number): Promise<void> {
    await db.query('DELETE FROM sessions WHERE user_id = $1', [id]);
  },
};
