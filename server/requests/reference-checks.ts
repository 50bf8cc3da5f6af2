import type { DeadlineKind } from '../../db/entities';
import type { Sql } from '../citizens/citizens.repository';
import { badRequest } from '../http/errors';

export interface TopicRow {
  code: string;
  name: string;
  deadline: DeadlineKind | null;
  emergencyHours: number | null;
}

/** Codes and ids that come from the client are checked here, so a typo is a 400 naming the field. */
export function createReferenceChecks(sql: Sql) {
  return {
    async topic(code: string, field: string): Promise<TopicRow> {
      const [row] = await sql.query(
        `SELECT code, name_uk AS name, deadline, emergency_hours AS "emergencyHours" FROM topics WHERE code = $1 AND active`,
        [code],
      );
      if (!row) throw badRequest('No topic has that code.', { [field]: `unknown topic ${code}` });
      return row;
    },
    async district(code: string, field: string): Promise<void> {
      const [row] = await sql.query('SELECT 1 FROM districts WHERE code = $1', [code]);
      if (!row) throw badRequest('No district has that code.', { [field]: `unknown district ${code}` });
    },
    async addressee(code: string, field: string): Promise<void> {
      const [row] = await sql.query('SELECT 1 FROM addressees WHERE code = $1', [code]);
      if (!row) throw badRequest('No addressee has that code.', { [field]: `unknown addressee ${code}` });
    },
    async executor(id: number, field: string): Promise<{ id: number; name: string }> {
      const [row] = await sql.query('SELECT id, name_uk AS name FROM executors WHERE id = $1 AND active', [id]);
      if (!row) throw badRequest('No active executor has that id.', { [field]: `unknown executor ${id}` });
      return row;
    },
  };
}
