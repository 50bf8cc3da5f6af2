import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { ROLES } from '../../db/entities';
import { hashPassword } from '../auth/passwords';
import type { AuthUser } from '../auth/auth.types';
import { badRequest, conflict } from '../http/errors';
import { parse } from '../http/validate';
import { normalisePhone } from '../phones';
import { readTelephonySettings } from '../config';
import { deviceKey, memberInterface, sameDevice } from '../../telephony';

export const newUserSchema = z.object({
  username: z.string().trim().regex(/^[a-zA-Z0-9._-]{2,64}$/, 'letters, digits, dot, dash or underscore; 2 to 64'),
  role: z.enum(ROLES),
  fullName: z.string().trim().max(200).optional(),
  interface: z.string().trim().regex(/^[A-Za-z]+\/[^\s]+$/, 'a queue member interface such as PJSIP/1001').optional(),
  phone: z.string().trim().optional(),
  executor: z.string().trim().optional(),
  password: z.string().min(8, 'at least 8 characters').max(200),
});
export type NewUser = z.input<typeof newUserSchema>;

export const USER_COLUMNS = `u.id, u.username, u.full_name AS "fullName", u.role, u.interface, u.phone, u.executor_id AS "executorId"`;

/**
 * A queue member interface as we store it: the device (`PJSIP/1001`), whatever form the queue names it in
 * (`Local/1001@from-queue/n` and `Local/1001@agents/n` are the phone behind them, of technology `localTech`).
 */
export function normaliseInterface(raw: string, localTech: string = readTelephonySettings().localTech): string {
  return memberInterface(raw.trim(), localTech);
}

/** One device, one user: `SIP/1001` and `Local/1001@from-queue/n` are the same agent's phone. */
export async function assertDeviceFree(dataSource: DataSource, iface: string, exceptUserId: number | null = null): Promise<void> {
  const rows: { id: number; interface: string }[] = await dataSource.query(
    'SELECT id, interface FROM users WHERE interface IS NOT NULL AND id IS DISTINCT FROM $1', [exceptUserId]);
  if (rows.some((r) => sameDevice(r.interface, iface))) {
    throw conflict('interface_taken', `Another user already has device ${deviceKey(iface)} (${iface}).`);
  }
}

export function createUsersService(dataSource: DataSource, settings: { localTech?: string } = {}) {
  return {
    /** Creates a user; an executor must name the organisation (by its stable code) it works for. */
    async create(input: NewUser): Promise<AuthUser> {
      const u = parse(newUserSchema, input);
      const phone = u.phone ? normalisePhone(u.phone) : null;
      if (u.phone && !phone) throw badRequest('The phone number is not a Ukrainian number.', { phone: 'not a valid phone number' });
      let executorId: number | null = null;
      if (u.role === 'executor') {
        if (!u.executor) throw badRequest('An executor user belongs to an organisation.', { executor: 'required for role executor' });
        const [row] = await dataSource.query('SELECT id FROM executors WHERE code = $1', [u.executor]);
        if (!row) throw badRequest('No executor has that code.', { executor: `unknown executor code ${u.executor}` });
        executorId = row.id;
      } else if (u.executor) {
        throw badRequest('Only executor users belong to an organisation.', { executor: 'only for role executor' });
      }
      const iface = u.interface ? normaliseInterface(u.interface, settings.localTech) : null;
      if (iface) await assertDeviceFree(dataSource, iface);
      const passwordHash = await hashPassword(u.password);
      try {
        const [user] = await dataSource.query(
          `INSERT INTO users AS u (username, full_name, role, interface, phone, executor_id, password_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${USER_COLUMNS}`,
          [u.username, u.fullName ?? '', u.role, iface, phone, executorId, passwordHash],
        );
        return user;
      } catch (e) {
        if ((e as { code?: string }).code === '23505') {
          const what = /interface/.test((e as { detail?: string }).detail ?? '') ? 'interface' : 'username';
          throw conflict(`${what}_taken`, `Another user already has this ${what}.`);
        }
        throw e;
      }
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
