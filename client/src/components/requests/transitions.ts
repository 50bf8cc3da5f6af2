import type { TransitionAction } from '../../api/requests';
import { STATUSES, type RequestStatus, type Role } from '../../api/types';

interface Rule {
  from: readonly RequestStatus[];
  roles: readonly Role[];
  /** Roles for whom the action only asks, and a supervisor decides (an executor's extend). */
  asks?: readonly Role[];
}

const STAFF: readonly Role[] = ['agent', 'supervisor', 'admin'];
const WORKING: readonly RequestStatus[] = ['registered', 'assigned', 'in_progress', 'returned'];
const EXTENDABLE: readonly RequestStatus[] = ['assigned', 'in_progress', 'returned'];
/** Actions that decide an executor's ask: they make sense only while one is pending. */
const DECIDES_ASK: readonly TransitionAction[] = ['approve_extension', 'reject_extension'];

/**
 * The server's lifecycle table (server/requests/transitions.ts), mirrored to show only the buttons that can
 * work. The server stays the authority: anything else answers 409 or 403.
 */
const RULES: Record<TransitionAction, Rule> = {
  assign: { from: ['registered', 'assigned', 'returned'], roles: STAFF },
  start: { from: ['assigned', 'returned'], roles: ['executor', 'admin'] },
  complete: { from: ['in_progress'], roles: ['executor', 'admin'] },
  extend: { from: EXTENDABLE, roles: ['executor', 'supervisor', 'admin'], asks: ['executor'] },
  approve_extension: { from: EXTENDABLE, roles: ['supervisor', 'admin'] },
  reject_extension: { from: EXTENDABLE, roles: ['supervisor', 'admin'] },
  confirm: { from: ['done'], roles: STAFF },
  return: { from: ['done'], roles: STAFF },
  forward: { from: WORKING, roles: STAFF },
  cancel: { from: WORKING, roles: STAFF },
  comment: { from: STATUSES, roles: [...STAFF, 'executor'] },
};

const ORDER: TransitionAction[] = [
  'start', 'complete', 'confirm', 'return', 'assign', 'approve_extension', 'reject_extension', 'extend', 'comment', 'forward', 'cancel',
];

/** Whether this role's action is only an ask (the executor's "ask for an extension"). */
export function asksApproval(action: TransitionAction, role: Role | null): boolean {
  return role != null && (RULES[action].asks?.includes(role) ?? false);
}

/** `extensionPending`: an ask is open, so it can be decided, and may not be asked a second time. */
export function allowedActions(status: RequestStatus, role: Role | null, extensionPending = false): TransitionAction[] {
  if (!role) return [];
  return ORDER.filter((action) => {
    if (!RULES[action].from.includes(status) || !RULES[action].roles.includes(role)) return false;
    if (DECIDES_ASK.includes(action)) return extensionPending;
    return !(extensionPending && asksApproval(action, role));
  });
}
