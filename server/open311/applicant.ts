import { sameHome } from '../addresses/normalise';
import type { Sql } from '../citizens/citizens.repository';

export interface Contact {
  /** E.164, already normalised. */
  phone: string | null;
  email: string | null;
  fullName: string | null;
}

/**
 * The applicant of a request posted through Open311: the citizen who has this phone, else this e-mail, else a
 * new card. A known card is never changed from outside (a partner's app cannot rename a citizen or give them
 * an address); the locks are the console's (by phone) and one by e-mail, so two posts at once make one card.
 */
export async function findOrCreateApplicant(sql: Sql, c: Contact): Promise<{ id: number | null; written?: 'create' }> {
  if (!c.phone && !c.email) return { id: null };
  const email = c.email?.toLowerCase() ?? null;
  if (c.phone) await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [c.phone]);
  if (email) await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`email:${email}`]);
  const [byPhone] = c.phone ? await sql.query('SELECT citizen_id AS id FROM citizen_phones WHERE phone = $1 ORDER BY citizen_id DESC LIMIT 1', [c.phone]) : [];
  if (byPhone) return { id: byPhone.id };
  const [byEmail] = email ? await sql.query('SELECT citizen_id AS id FROM citizen_emails WHERE lower(email) = $1 ORDER BY citizen_id DESC LIMIT 1', [email]) : [];
  if (byEmail) return { id: byEmail.id };
  const [created] = await sql.query('INSERT INTO citizens (full_name, privileged, confidential) VALUES ($1, false, false) RETURNING id', [c.fullName]);
  if (c.phone) await sql.query('INSERT INTO citizen_phones (citizen_id, phone) VALUES ($1, $2)', [created.id, c.phone]);
  if (email) await sql.query('INSERT INTO citizen_emails (citizen_id, email) VALUES ($1, $2)', [created.id, email]);
  return { id: created.id, written: 'create' };
}

/**
 * The district to route by: a known applicant's, when the place they report is their home as their card has it
 * (a building's lift or roof goes to its district's committee). Another place's district is not known here, so
 * such a request waits for an agent to assign it, as a call without a district would.
 */
export async function homeDistrict(sql: Sql, c: Contact, address: string | undefined): Promise<string | undefined> {
  if (!address || (!c.phone && !c.email)) return undefined;
  const [card] = await sql.query(
    `SELECT c.address, c.district_code AS district FROM citizens c
      WHERE c.id = coalesce((SELECT citizen_id FROM citizen_phones WHERE phone = $1 ORDER BY citizen_id DESC LIMIT 1),
                            (SELECT citizen_id FROM citizen_emails WHERE lower(email) = lower($2) ORDER BY citizen_id DESC LIMIT 1))`,
    [c.phone, c.email]);
  return card?.district && sameHome(address, card.address) ? card.district : undefined;
}
