import { Router, type CookieOptions } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import { USER_COLUMNS } from '../users/users.service';
import { ANY_ROLE, allow } from './auth.middleware';
import type { LoginLimiter } from './login-limiter';
import { dummyHash, verifyPassword } from './passwords';
import { SESSION_COOKIE, type SessionStore } from './sessions';

const loginSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) });

export interface AuthRouterDeps {
  dataSource: DataSource;
  sessions: SessionStore;
  limiter: LoginLimiter;
  audit: AuditService;
  secureCookies: boolean;
  /** Ends the live sockets of a session that logged out. */
  onLogout?: (sessionId: string) => void;
}

export function createAuthRouter({ dataSource, sessions, limiter, audit, secureCookies, onLogout }: AuthRouterDeps): Router {
  const router = Router();
  const cookie: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/' };

  router.post('/login', async (req, res) => {
    const { username, password } = parse(loginSchema, req.body);
    const ip = req.ip ?? '';
    const wait = await limiter.retryAfter(username, ip);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new AppError(429, 'too_many_attempts', `Too many failed logins; try again in ${wait} s.`);
    }
    const [row] = await dataSource.query(
      `SELECT ${USER_COLUMNS}, u.password_hash AS "passwordHash" FROM users u WHERE lower(u.username) = lower($1) AND u.active`,
      [username],
    );
    const ok = await verifyPassword(row?.passwordHash ?? (await dummyHash()), password);
    if (!row || !ok) {
      await limiter.fail(username, ip);
      await audit.record({ userId: row?.id ?? null, action: 'login_failed', entity: 'user', entityId: row?.id, detail: { username }, ip });
      throw new AppError(401, 'invalid_credentials', 'The username or password is wrong.');
    }
    await limiter.succeed(username, ip);
    const { passwordHash: _omit, ...user } = row;
    const session = await sessions.create(user.id, { ip, userAgent: req.get('user-agent') });
    await audit.record({ userId: user.id, action: 'login', entity: 'user', entityId: user.id, ip });
    res.cookie(SESSION_COOKIE, session.cookie, { ...cookie, maxAge: session.maxAgeMs });
    res.json({ user: publicUser(user) });
  });

  router.post('/logout', async (req, res) => {
    if (req.sessionId) {
      await sessions.destroy(req.sessionId);
      onLogout?.(req.sessionId);
      await audit.record({ userId: req.user?.id ?? null, action: 'logout', entity: 'user', entityId: req.user?.id, ip: req.ip });
    }
    res.clearCookie(SESSION_COOKIE, cookie);
    res.status(204).end();
  });

  // the console asks this on load: "not signed in" is an answer here, not an error the browser logs in red
  router.get('/session', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user: req.user ? publicUser(req.user) : null });
  });

  router.get('/me', allow(...ANY_ROLE), (req, res) => {
    res.json({ user: publicUser(req.user!) });
  });

  return router;
}

/** API.md's `user`: no hash, no internal fields. */
export function publicUser(u: { id: number; username: string; fullName: string; role: string; interface: string | null; phone: string | null; executorId?: number | null }) {
  return { id: u.id, username: u.username, fullName: u.fullName, role: u.role, interface: u.interface, phone: u.phone, executorId: u.executorId ?? null };
}
