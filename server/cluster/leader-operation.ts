import { z } from 'zod';
import type { Role } from '../../db/entities';
import type { AuthUser } from '../auth/auth.types';
import { AppError, forbidden } from '../http/errors';
import { id } from '../http/schemas';
import { parse } from '../http/validate';

/**
 * The user an operation acts as or on, as it travels to the leader: only the id is believed there. The rest
 * (role, interface: the phone the PBX rings) is read again from the database on the leader.
 */
export const userRef = z.object({ id }).passthrough().transform((u) => u as unknown as AuthUser);

/** What the leader runs for one operation: its arguments' schema, and which of them are users, with the roles allowed. */
export interface LeaderOperation<S extends z.ZodType, R> {
  args: S;
  /** Keys of `args` holding a user (`userRef`) or a user id; the roles allowed, or `any`. */
  users?: Record<string, readonly Role[] | 'any'>;
  run(args: z.output<S>): Promise<R>;
}

/** Reads an active user, as the session check does; null when there is none. */
export type LoadUser = (userId: number) => Promise<AuthUser | null>;

const userGone = () => new AppError(403, 'forbidden', 'That user is not active any more.');

/**
 * Arguments of an operation, checked with the same schemas as the HTTP routes; when they came from another
 * node, every user in them is replaced by the user as the database has it now, refused when gone or of a
 * role that may not. The bytes of a forwarded call are a node's word, never the last word on who may do what.
 */
export async function prepareArgs<S extends z.ZodType>(spec: LeaderOperation<S, unknown>, raw: unknown, forwarded: boolean, loadUser?: LoadUser): Promise<z.output<S>> {
  const args = parse(spec.args, raw) as Record<string, unknown>;
  if (!forwarded || !spec.users) return args as z.output<S>;
  for (const [key, roles] of Object.entries(spec.users)) {
    const value = args[key];
    if (value === undefined) continue;
    const userId = typeof value === 'number' ? value : (value as { id: number }).id;
    const user = loadUser ? await loadUser(userId) : null;
    if (!user) throw userGone();
    if (roles !== 'any' && !roles.includes(user.role)) throw forbidden();
    args[key] = typeof value === 'number' ? user.id : user;
  }
  return args as z.output<S>;
}
