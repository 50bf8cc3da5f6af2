import type { Sql } from '../citizens/citizens.repository';
import { parseStreet } from './normalise';
import { setStreetRenames, type StreetRename } from './renames';

export interface StreetRenameView {
  id: number;
  oldName: string;
  newName: string;
  note: string | null;
}

const COLUMNS = 'id, old_name AS "oldName", new_name AS "newName", note';

export const renamesRepository = {
  async list(sql: Sql): Promise<StreetRenameView[]> {
    return sql.query(`SELECT ${COLUMNS} FROM street_renames ORDER BY new_name, old_name`);
  },

  async add(sql: Sql, r: Omit<StreetRenameView, 'id'>): Promise<StreetRenameView> {
    const [row] = await sql.query(
      `INSERT INTO street_renames (old_name, new_name, note) VALUES ($1, $2, $3)
       ON CONFLICT (old_name, new_name) DO UPDATE SET note = EXCLUDED.note, updated_at = now() RETURNING ${COLUMNS}`,
      [r.oldName, r.newName, r.note],
    );
    return row;
  },

  async remove(sql: Sql, id: number): Promise<boolean> {
    const rows = await sql.query('DELETE FROM street_renames WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  },
};

/** Reads the table into the normaliser (at start, and after every edit on any node). */
export async function loadStreetRenames(sql: Sql): Promise<number> {
  const pairs: StreetRename[] = [];
  for (const r of await renamesRepository.list(sql)) {
    const [from, to] = [parseStreet(r.oldName), parseStreet(r.newName)];
    if (from && to) pairs.push({ from, to });
  }
  setStreetRenames(pairs);
  return pairs.length;
}
