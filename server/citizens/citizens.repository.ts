import { createReferenceChecks } from '../requests/reference-checks';
import type { CitizenInput } from '../requests/requests.schemas';
import type { CardCitizen } from '../realtime/contract';

/** Anything that runs SQL: the DataSource, or a transaction's EntityManager. */
export interface Sql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** A citizen as staff see it: the caller card's citizen plus the social status of the registration card. */
export interface CitizenView extends CardCitizen {
  socialStatus: string | null;
}

export const CITIZEN_COLUMNS = `c.id, c.full_name AS "fullName", c.address, c.district_code AS district, c.category,
  c.social_status AS "socialStatus", c.privileged, c.confidential,
  coalesce((SELECT array_agg(p.phone ORDER BY p.phone) FROM citizen_phones p WHERE p.citizen_id = c.id), '{}') AS phones`;

export function createCitizensRepository() {
  return {
    async byPhone(sql: Sql, phone: string): Promise<CitizenView[]> {
      return sql.query(
        `SELECT ${CITIZEN_COLUMNS} FROM citizens c
          WHERE c.id IN (SELECT citizen_id FROM citizen_phones WHERE phone = $1) ORDER BY c.updated_at DESC`,
        [phone],
      );
    },

    async byId(sql: Sql, id: number): Promise<CitizenView | null> {
      const [row] = await sql.query(`SELECT ${CITIZEN_COLUMNS} FROM citizens c WHERE c.id = $1`, [id]);
      return row ?? null;
    },

    /**
     * The applicant by phone: updated with what the agent typed when known, created otherwise. Two agents
     * registering the same new caller at once must not create the citizen twice, hence the lock on the number.
     * The district is checked here, before any write, so no caller (requests, consultations) can reach the
     * foreign key with a typo: that was a 500.
     */
    async upsertByPhone(sql: Sql, phone: string, c: CitizenInput): Promise<{ id: number; created: boolean }> {
      if (c.district) await createReferenceChecks(sql).district(c.district, 'citizen.district');
      await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [phone]);
      const [found] = await sql.query('SELECT citizen_id AS id FROM citizen_phones WHERE phone = $1 ORDER BY citizen_id DESC LIMIT 1', [phone]);
      const args = [c.fullName, c.address ?? null, c.district ?? null, c.category ?? null, c.socialStatus ?? null, c.privileged ?? null, c.confidential ?? null];
      if (found) {
        await sql.query(
          `UPDATE citizens SET full_name = $2, address = coalesce($3, address), district_code = coalesce($4, district_code),
                  category = coalesce($5, category), social_status = coalesce($6, social_status),
                  privileged = coalesce($7, privileged), confidential = coalesce($8, confidential), updated_at = now()
            WHERE id = $1`,
          [found.id, ...args],
        );
        return { id: found.id, created: false };
      }
      const [created] = await sql.query(
        `INSERT INTO citizens (full_name, address, district_code, category, social_status, privileged, confidential)
         VALUES ($1, $2, $3, $4, $5, coalesce($6, false), coalesce($7, false)) RETURNING id`,
        args,
      );
      await sql.query('INSERT INTO citizen_phones (citizen_id, phone) VALUES ($1, $2)', [created.id, phone]);
      return { id: created.id, created: true };
    },
  };
}
export type CitizensRepository = ReturnType<typeof createCitizensRepository>;
