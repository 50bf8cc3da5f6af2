import type { RequestHandler } from 'express';
import type { Role } from '../../db/entities';
import { forbidden, unauthorized } from '../http/errors';
import { readCookie, SESSION_COOKIE, type SessionStore } from './sessions';

/** Loads the session's user, if any, into `req.user`; answering 401 is left to `allow`. */
export function authenticate(sessions: SessionStore): RequestHandler {
  return async (req, _res, next) => {
    const found = await sessions.resolve(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (found) {
      req.user = found.user;
      req.sessionId = found.sessionId;
    }
    next();
  };
}

/** Every route names the roles it allows: 401 without a session, 403 for any other role. */
export function allow(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) return next(unauthorized());
    if (!roles.includes(req.user.role)) return next(forbidden());
    next();
  };
}

export const ANY_ROLE: Role[] = ['agent', 'supervisor', 'official', 'executor', 'admin'];
