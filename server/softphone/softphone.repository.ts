import type { EntityManager } from 'typeorm';

type Sql = Pick<EntityManager, 'query'>;

export interface SoftphoneRow {
  id: number;
  active: boolean;
  interface: string | null;
  fullName: string;
  sealed: string | null;
}

export const softphoneRepository = {
  async byUser(db: Sql, userId: number): Promise<SoftphoneRow | null> {
    const [row] = await db.query(
      'SELECT id, active, interface, full_name AS "fullName", sip_password_enc AS sealed FROM users WHERE id = $1', [userId]);
    return row ?? null;
  },

  async setSealed(db: Sql, userId: number, sealed: string | null): Promise<void> {
    await db.query('UPDATE users SET sip_password_enc = $2 WHERE id = $1', [userId, sealed]);
  },

};
