import { Router, type Request } from 'express';
import { allow } from '../auth/auth.middleware';
import { idParams } from '../http/schemas';
import { parse } from '../http/validate';
import type { ApiKeysService } from './api-keys.service';
import { apiKeyInputSchema } from './open311.schemas';

/** Admins' keys for partners' Open311 apps: made (the key shown once), listed, revoked. */
export function createApiKeysRouter(keys: ApiKeysService): Router {
  const router = Router();
  const admin = allow('admin');
  const actor = (req: Request) => ({ userId: req.user!.id, ip: req.ip ?? null });

  router.get('/api-keys', admin, async (_req, res) => {
    res.json({ items: await keys.list() });
  });

  router.post('/api-keys', admin, async (req, res) => {
    res.status(201).json(await keys.create(parse(apiKeyInputSchema, req.body), actor(req)));
  });

  router.post('/api-keys/:id/revoke', admin, async (req, res) => {
    res.json(await keys.revoke(parse(idParams, req.params).id, actor(req)));
  });
  return router;
}
