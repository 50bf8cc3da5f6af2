import { Router, type Request } from 'express';
import { allow, ANY_ROLE } from '../auth/auth.middleware';
import { parse } from '../http/validate';
import { userIdSchema } from '../users/users.schemas';
import { noQuerySchema, sipPasswordSchema } from './softphone.schemas';
import type { SoftphoneService } from './softphone.service';

/**
 * `PUT/DELETE /users/:id/sip-password` (admins) and `GET /phone/credentials` (the signed-in user's own phone).
 * The password is never in a list, a log or the audit log; the console gets it only for its own session.
 */
export function createSoftphoneRouter(service: SoftphoneService): Router {
  const router = Router();
  const actor = (req: Request) => ({ id: req.user!.id, ip: req.ip ?? null });

  router.put('/users/:id/sip-password', allow('admin'), async (req, res) => {
    const { id } = parse(userIdSchema, req.params);
    const { password } = parse(sipPasswordSchema, req.body ?? {});
    res.setHeader('Cache-Control', 'no-store');
    res.json(await service.setPassword(id, password, actor(req)));
  });

  router.delete('/users/:id/sip-password', allow('admin'), async (req, res) => {
    res.json(await service.clearPassword(parse(userIdSchema, req.params).id, actor(req)));
  });

  router.get('/phone/credentials', allow(...ANY_ROLE), async (req, res) => {
    parse(noQuerySchema, req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await service.credentialsOf(req.user!.id));
  });
  return router;
}
