import { http } from './http';
import type { User } from './types';

export const authApi = {
  login: (username: string, password: string) => http.post<{ user: User }>('/api/auth/login', { username, password }),
  logout: () => http.post<null>('/api/auth/logout'),
  me: () => http.get<{ user: User }>('/api/auth/me'),
  /** Who is signed in, if anyone: 200 either way, so a fresh load logs no red 401 in the browser console. */
  session: () => http.get<{ user: User | null }>('/api/auth/session'),
};
