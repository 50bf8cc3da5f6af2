import type { TransitionAction } from '../../api/requests';
import { STATUSES, type RequestStatus, type Role } from '../../api/types';

interface Rule {
  from: readonly RequestStatus[];
  roles: readonly Role[];
}

const STAFF: readonly Role[] = ['agent', 'supervisor', 'admin'];
const WORKING: readonly RequestStatus[] = ['registered', 'assigned', 'in_progress', 'returned'];

/**
 * The server's lifecycle table (server/requests/transitions.ts), mirrored to show only the buttons that can
 * work. The server stays the authority: anything else answers 409 or 403.
 */
const RULES: Record<TransitionAction, Rule> = {
  assign: { from: ['registered', 'assigned', 'returned'], roles: STAFF },
  start: { from: ['assigned', 'returned'], roles: ['executor', 'admin'] },
  complete: { from: ['in_progress'], roles: ['executor', 'admin'] },
  extend: { from: ['assigned', 'in_progress', 'returned'], roles: ['executor', 'supervisor', 'admin'] },
  confirm: { from: ['done'], roles: STAFF },
  return: { from: ['done'], roles: STAFF },
  forward: { from: WORKING, roles: STAFF },
  cancel: { from: WORKING, roles: STAFF },
  comment: { from: STATUSES, roles: [...STAFF, 'executor'] },
};

const ORDER: TransitionAction[] = ['start', 'complete', 'confirm', 'return', 'assign', 'extend', 'comment', 'forward', 'cancel'];

export function allowedActions(status: RequestStatus, role: Role | null): TransitionAction[] {
  if (!role) return [];
  return ORDER.filter((action) => RULES[action].from.includes(status) && RULES[action].roles.includes(role));
}
