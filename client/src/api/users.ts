import { http, toQuery } from './http';
import type { Page, Role } from './types';

/** A user as the admin's Users page shows it. */
export interface AdminUser {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  interface: string | null;
  phone: string | null;
  executorId: number | null;
  executor: { id: number; code: string | null; name: string | null } | null;
  active: boolean;
  /** A SIP password is set: the console is this user's phone (never the password itself). */
  softphone?: boolean;
  /** Waiting after wrong passwords: from how many addresses, until when. */
  lock: { sources: number; until: string } | null;
  createdAt: string;
}

export interface UserQuery {
  q?: string;
  role?: Role;
  active?: boolean;
  page?: number;
  pageSize?: number;
}

export interface NewUserBody {
  username: string;
  role: Role;
  fullName?: string;
  interface?: string;
  phone?: string;
  executor?: string;
  password: string;
}

export type UserPatchBody = Partial<{ role: Role; fullName: string; interface: string | null; phone: string | null; executor: string | null }>;

export const usersApi = {
  list: (q: UserQuery) => http.get<Page<AdminUser>>(`/api/users${toQuery({ ...q })}`),
  create: (body: NewUserBody) => http.post<AdminUser>('/api/users', body),
  update: (id: number, patch: UserPatchBody) => http.patch<AdminUser>(`/api/users/${id}`, patch),
  deactivate: (id: number) => http.post<AdminUser>(`/api/users/${id}/deactivate`),
  reactivate: (id: number) => http.post<AdminUser>(`/api/users/${id}/reactivate`),
  unlock: (id: number) => http.post<{ userId: number; unlocked: number }>(`/api/users/${id}/unlock`),
  resetPassword: (id: number) => http.post<{ user: AdminUser; password: string }>(`/api/users/${id}/password`),
};
