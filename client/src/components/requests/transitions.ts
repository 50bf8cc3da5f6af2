import type { TransitionAction } from '../../api/requests';
import type { RequestStatus, Role } from '../../api/types';

/** What each status allows (the server's transition table is the authority; this only hides useless buttons). */
const BY_STATUS: Record<RequestStatus, TransitionAction[]> = {
  registered: ['assign', 'start', 'forward', 'cancel', 'comment'],
  assigned: ['start', 'assign', 'forward', 'cancel', 'comment'],
  in_progress: ['complete', 'extend', 'forward', 'cancel', 'comment'],
  returned: ['start', 'complete', 'extend', 'comment'],
  done: ['confirm', 'return', 'comment'],
  closed: [],
  forwarded: [],
  cancelled: [],
};

const BY_ROLE: Record<Role, TransitionAction[]> = {
  executor: ['start', 'comment', 'complete', 'extend'],
  agent: ['confirm', 'return', 'comment'],
  supervisor: ['assign', 'forward', 'cancel', 'comment', 'confirm', 'return', 'extend'],
  admin: ['assign', 'start', 'complete', 'confirm', 'return', 'extend', 'forward', 'cancel', 'comment'],
  official: [],
};

export function allowedActions(status: RequestStatus, role: Role | null): TransitionAction[] {
  if (!role) return [];
  const byRole = BY_ROLE[role];
  return (BY_STATUS[status] ?? []).filter((action) => byRole.includes(action));
}
