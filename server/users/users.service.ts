import { randomBytes } from 'node:crypto';
import type { AuditAction } from '../audit/audit-words';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/passwords';
import type { AuthUser } from '../auth/auth.types';
import { AppError, badRequest, conflict, notFound } from '../http/errors';
import { parse } from '../http/validate';
import { normalisePhone } from '../phones';
import { assertDeviceFree } from './interface';
import { usersRepository as repo, type StoredFields, type UserRow } from './users.repository';
import { newUserSchema, userListSchema, userPatchSchema, type NewUser, type UserPatch } from './users.schemas';

export { newUserSchema, type NewUser } from './users.schemas';

export const USER_COLUMNS = `u.id, u.username, u.full_name AS "fullName", u.role, u.interface, u.phone, u.executor_id AS "executorId"`;

/** Who changes users: an admin through the API, or the operator at the command line (`user` null). */
export interface UserActor {
  user: AuthUser | null;
  ip?: string | null;
  via?: 'cli';
}

export interface UsersServiceDeps {
  audit?: AuditService;
  /** Ends the live sockets of a user whose sessions were just closed. */
  onSessionsClosed?: (userId: number) => void;
}

const lastAdmin = () => conflict('last_admin', 'The last active admin cannot be removed or demoted.');

export function createUsersService(dataSource: DataSource, deps: UsersServiceDeps = {}) {
  async function audit(actor: UserActor, action: AuditAction, id: number, detail: Record<string, unknown>): Promise<void> {
    await deps.audit?.record({ userId: actor.user?.id ?? null, action, entity: 'user', entityId: id, detail: actor.via ? { ...detail, via: actor.via } : detail, ip: actor.ip });
  }

  async function phoneOf(raw: string | null | undefined): Promise<string | null> {
    if (!raw) return null;
    const phone = normalisePhone(raw);
    if (!phone) throw badRequest('The phone number is not a Ukrainian number.', { phone: 'not a valid phone number' });
    return phone;
  }

  /** An executor user belongs to exactly one organisation, named by its stable code; nobody else does. */
  async function executorOf(db: EntityManager | DataSource, role: string, code: string | null | undefined): Promise<number | null> {
    if (role !== 'executor') {
      if (code) throw badRequest('Only executor users belong to an organisation.', { executor: 'only for role executor' });
      return null;
    }
    if (!code) throw badRequest('An executor user belongs to an organisation.', { executor: 'required for role executor' });
    const id = await repo.executorIdByCode(db, code);
    if (id === null) throw badRequest('No executor has that code.', { executor: `unknown executor code ${code}` });
    return id;
  }

  async function uniqueOr<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if ((e as { code?: string }).code === '23505') {
        const what = /interface/.test((e as { detail?: string }).detail ?? '') ? 'interface' : 'username';
        throw conflict(`${what}_taken`, `Another user already has this ${what}.`);
      }
      throw e;
    }
  }

  async function mustGet(db: EntityManager | DataSource, id: number): Promise<UserRow> {
    const row = await repo.byId(db, id);
    if (!row) throw notFound('User');
    return row;
  }

  function closeSessions(db: EntityManager, id: number): Promise<void> {
    return repo.closeSessions(db, id);
  }

  return {
    list: (query: unknown) => repo.list(dataSource, parse(userListSchema, query)),

    get: (id: number) => mustGet(dataSource, id),

    byUsername: async (username: string) => {
      const row = await repo.byUsername(dataSource, username);
      if (!row) throw notFound('User');
      return row;
    },

    /** Creates a user; an executor must name the organisation (by its stable code) it works for. */
    async create(input: NewUser, actor: UserActor = { user: null }): Promise<UserRow> {
      const u = parse(newUserSchema, input);
      const fields: StoredFields = {
        fullName: u.fullName ?? '', role: u.role, interface: u.interface ?? null,
        phone: await phoneOf(u.phone), executorId: await executorOf(dataSource, u.role, u.executor),
      };
      await assertDeviceFree(dataSource, fields.interface);
      const passwordHash = await hashPassword(u.password);
      const id = await uniqueOr(() => repo.insert(dataSource, u.username, fields, passwordHash));
      await audit(actor, 'create', id, { username: u.username, role: u.role, interface: fields.interface, executor: u.executor ?? null });
      return mustGet(dataSource, id);
    },

    /** Changes role, interface, phone, executor or full name; a change of rights closes the user's sessions. */
    async update(id: number, patch: UserPatch, actor: UserActor): Promise<UserRow> {
      const p = parse(userPatchSchema, patch);
      const phone = p.phone === undefined ? undefined : await phoneOf(p.phone);
      const { row, changed } = await uniqueOr(() =>
        dataSource.transaction(async (tx) => {
          const before = await mustGet(tx, id);
          const role = p.role ?? before.role;
          if (before.role === 'admin' && role !== 'admin' && before.active) {
            const admins = await repo.lockActiveAdmins(tx);
            if (admins.length <= 1) throw lastAdmin();
          }
          const executorCode = p.executor !== undefined ? p.executor : role === 'executor' ? before.executorCode : null;
          const next: StoredFields = {
            fullName: p.fullName ?? before.fullName, role,
            interface: p.interface !== undefined ? p.interface : before.interface,
            phone: phone !== undefined ? phone : before.phone,
            executorId: await executorOf(tx, role, executorCode),
          };
          if (next.interface !== before.interface) await assertDeviceFree(tx, next.interface, id);
          await repo.update(tx, id, next);
          const rightsChanged = next.role !== before.role || next.executorId !== before.executorId;
          if (rightsChanged) await closeSessions(tx, id);
          return { row: await mustGet(tx, id), changed: diff(before, next, rightsChanged) };
        }),
      );
      await audit(actor, 'update', id, changed.detail);
      if (changed.rightsChanged) deps.onSessionsClosed?.(id);
      return row;
    },

    /** Deactivates a user: sessions and sockets closed at once, the desk's interface freed. */
    async deactivate(id: number, actor: UserActor): Promise<UserRow> {
      const row = await dataSource.transaction(async (tx) => {
        const before = await mustGet(tx, id);
        if (before.role === 'admin' && before.active) {
          const admins = await repo.lockActiveAdmins(tx);
          if (admins.length <= 1) throw lastAdmin();
        }
        await repo.deactivate(tx, id);
        await closeSessions(tx, id);
        return before;
      });
      await audit(actor, 'deactivate', id, { username: row.username, interface: row.interface });
      deps.onSessionsClosed?.(id);
      return mustGet(dataSource, id);
    },

    /** Lets a deactivated user log in again with their password; their desk (interface) is given back by an edit. */
    async reactivate(id: number, actor: UserActor): Promise<UserRow> {
      const before = await mustGet(dataSource, id);
      if (before.active) throw new AppError(409, 'user_active', 'The user is active.');
      await repo.reactivate(dataSource, id);
      await audit(actor, 'reactivate', id, { username: before.username });
      return mustGet(dataSource, id);
    },

    /** A new random password, returned once and never stored in clear; the user's sessions are closed. */
    async resetPassword(id: number, actor: UserActor): Promise<{ user: UserRow; password: string }> {
      const user = await mustGet(dataSource, id);
      if (!user.active) throw new AppError(409, 'user_inactive', 'The user is deactivated.');
      const password = randomBytes(12).toString('base64url');
      await dataSource.transaction(async (tx) => {
        await repo.setPassword(tx, id, await hashPassword(password));
        await closeSessions(tx, id);
      });
      await audit(actor, 'password_reset', id, { username: user.username });
      deps.onSessionsClosed?.(id);
      return { user, password };
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;

/** The audit line of an update: each changed field, before and after. */
function diff(before: UserRow, next: StoredFields, rightsChanged: boolean) {
  const detail: Record<string, { from: unknown; to: unknown }> = {};
  const was: StoredFields = { fullName: before.fullName, role: before.role, interface: before.interface, phone: before.phone, executorId: before.executorId };
  for (const key of Object.keys(next) as (keyof StoredFields)[]) {
    if (was[key] !== next[key]) detail[key] = { from: was[key], to: next[key] };
  }
  return { detail: { changes: detail }, rightsChanged };
}
