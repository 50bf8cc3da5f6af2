import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { notFound } from '../http/errors';
import { idParams } from '../http/schemas';
import { parse } from '../http/validate';
import { allow } from './auth.middleware';
import type { LoginLimiter } from './login-limiter';

/** `POST /users/:id/unlock`: an admin clears a user's failed logins from every source at once. Audited. */
export function createLoginLocksRouter(deps: { dataSource: DataSource; audit: AuditService; limiter: LoginLimiter }): Router {
  const router = Router();
  router.post('/:id/unlock', allow('admin'), async (req, res) => {
    const { id } = parse(idParams, req.params);
    const [user] = await deps.dataSource.query('SELECT id, username FROM users WHERE id = $1', [id]);
    if (!user) throw notFound('User');
    const sources = await deps.limiter.unlock(user.username);
    await deps.audit.record({ userId: req.user!.id, action: 'unlock', entity: 'user', entityId: id, detail: { sources }, ip: req.ip });
    res.json({ userId: id, unlocked: sources });
  });
  return router;
}
