import type { Role } from '../../db/entities';

/** The user as the API shows it (API.md `user`), plus the organisation of an executor. */
export interface AuthUser {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  interface: string | null;
  phone: string | null;
  executorId: number | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
    sessionId?: string;
  }
}
