import type { UserRow } from './users.repository';

/** A user's login wait after wrong passwords: from how many sources, until when. */
export interface LoginLock {
  sources: number;
  until: Date;
}

/** A user as the admin's Users page shows it: the organisation by code and name, never a hash. */
export function toUserView(u: UserRow, lock: LoginLock | null = null) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    role: u.role,
    interface: u.interface,
    phone: u.phone,
    executorId: u.executorId,
    executor: u.executorId == null ? null : { id: u.executorId, code: u.executorCode, name: u.executorName },
    active: u.active,
    softphone: u.softphone ?? false,
    lock,
    createdAt: u.createdAt,
  };
}
export type UserView = ReturnType<typeof toUserView>;
