import type { Sql } from '../citizens/citizens.repository';
import { sameHome, withoutFlat } from '../addresses/normalise';
import { executorRedaction } from './confidential';

const BATCH = 500;

interface Unfilled {
  id: number;
  address: string | null;
  description: string;
  addressIsHome: boolean;
  citizenName: string | null;
  citizenAddress: string | null;
}

/**
 * What executors' search may find of a confidential applicant's requests that registration did not write (a
 * file import, rows older than the address normaliser): whether the place is the home, its building, and the
 * description as executors read it (the vector's trigger then searches only those). `citizenIds` limits it to
 * those applicants. Returns how many requests it filled; a filled request is never filled again.
 */
export async function fillExecutorSearch(sql: Sql, citizenIds?: number[]): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows: Unfilled[] = await sql.query(
      `SELECT r.id, r.address, r.description, r.address_is_home AS "addressIsHome", c.full_name AS "citizenName", c.address AS "citizenAddress"
         FROM requests r JOIN citizens c ON c.id = r.citizen_id
        WHERE c.confidential AND r.executor_description IS NULL ${citizenIds ? 'AND c.id = ANY($2)' : ''}
        ORDER BY r.id LIMIT $1`,
      citizenIds ? [BATCH, citizenIds] : [BATCH],
    );
    if (rows.length === 0) return filled;
    const filling = rows.map((r) => {
      const home = r.address != null && (r.addressIsHome || sameHome(r.address, r.citizenAddress));
      const hide = executorRedaction({ ...r, confidential: true, addressIsHome: home })!;
      return { id: r.id, home, building: home && r.address ? withoutFlat(r.address) : null, text: hide.text(r.description) };
    });
    await sql.query(
      `UPDATE requests r SET address_is_home = u.home, home_building = u.building, executor_description = u.text
         FROM unnest($1::int[], $2::boolean[], $3::text[], $4::text[]) AS u(id, home, building, text)
        WHERE r.id = u.id`,
      [filling.map((f) => f.id), filling.map((f) => f.home), filling.map((f) => f.building), filling.map((f) => f.text)],
    );
    filled += rows.length;
  }
}
