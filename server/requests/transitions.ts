import type { Role } from '../../db/entities';

export const STATUSES = ['registered', 'assigned', 'in_progress', 'done', 'returned', 'closed', 'forwarded', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses in which the executor still owes work: these are the ones that can be overdue. */
export const WORKING: readonly Status[] = ['registered', 'assigned', 'in_progress', 'returned'];
/** Statuses that still need someone (executor or the callback agent): "open" for the intake flags. */
export const OPEN: readonly Status[] = [...WORKING, 'done'];

export const ACTIONS = [
  'assign', 'start', 'complete', 'confirm', 'return', 'extend', 'approve_extension', 'reject_extension', 'forward', 'cancel', 'comment',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Transition {
  /** Statuses the action may start from. */
  from: readonly Status[];
  /** The status it leads to; `null` keeps the status (extend, comment). */
  to: Status | null;
  roles: readonly Role[];
  /** Roles for whom the action is only an ask that waits for another role's approval (see approve_extension). */
  asks?: readonly Role[];
}

const STAFF: readonly Role[] = ['agent', 'supervisor', 'admin'];
/** Where the executor still works on it: the term can be extended only there. */
const EXTENDABLE: readonly Status[] = ['assigned', 'in_progress', 'returned'];

/**
 * The lifecycle, in one table (Kyiv 1551's TransitionAssignmentStates): registered → assigned → in_progress →
 * done (awaiting the citizen's confirmation) → closed; not confirmed → returned (rework) → in_progress again.
 * Executors act only on their own organisation's requests; that check is made before this table is read.
 */
export const TRANSITIONS: Record<Action, Transition> = {
  assign: { from: ['registered', 'assigned', 'returned'], to: 'assigned', roles: STAFF },
  start: { from: ['assigned', 'returned'], to: 'in_progress', roles: ['executor', 'admin'] },
  complete: { from: ['in_progress'], to: 'done', roles: ['executor', 'admin'] },
  confirm: { from: ['done'], to: 'closed', roles: STAFF },
  return: { from: ['done'], to: 'returned', roles: STAFF },
  // Art. 20 makes the extension the body's decision, not the executor's: an executor's extend is an ask.
  extend: { from: EXTENDABLE, to: null, roles: ['executor', 'supervisor', 'admin'], asks: ['executor'] },
  approve_extension: { from: EXTENDABLE, to: null, roles: ['supervisor', 'admin'] },
  reject_extension: { from: EXTENDABLE, to: null, roles: ['supervisor', 'admin'] },
  forward: { from: ['registered', 'assigned', 'in_progress', 'returned'], to: 'forwarded', roles: STAFF },
  cancel: { from: ['registered', 'assigned', 'in_progress', 'returned'], to: 'cancelled', roles: STAFF },
  comment: { from: STATUSES, to: null, roles: [...STAFF, 'executor'] },
};

export type Verdict = { ok: true; to: Status } | { ok: false; reason: 'role' | 'status' };

/** Looks an action up in the table: may this role do it from this status, and where does it lead? */
export function decide(action: Action, from: Status, role: Role): Verdict {
  const t = TRANSITIONS[action];
  if (!t.roles.includes(role)) return { ok: false, reason: 'role' };
  if (!t.from.includes(from)) return { ok: false, reason: 'status' };
  return { ok: true, to: t.to ?? from };
}

/** Whether this role's action only asks (an executor's extend) rather than takes effect. */
export function asksApproval(action: Action, role: Role): boolean {
  return TRANSITIONS[action].asks?.includes(role) ?? false;
}

/** The roles that may do at least one action, for the route's own role check. */
export const TRANSITION_ROLES: Role[] = [...new Set(Object.values(TRANSITIONS).flatMap((t) => t.roles))];
