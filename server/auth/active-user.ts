import type { DataSource } from 'typeorm';
import { USER_COLUMNS } from '../users/users.service';
import type { AuthUser } from './auth.types';

/** A user as the database has them now, when active; null otherwise (deactivated, never existed). */
export async function activeUser(dataSource: DataSource, userId: number): Promise<AuthUser | null> {
  const rows: AuthUser[] = await dataSource.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.active`, [userId]);
  return rows[0] ?? null;
}
