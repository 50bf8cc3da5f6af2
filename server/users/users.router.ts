import { Router, type Request } from 'express';
import { allow } from '../auth/auth.middleware';
import { parse } from '../http/validate';
import { userIdSchema } from './users.schemas';
import type { UserActor, UsersService } from './users.service';
import { toUserView } from './users.view';

const actorOf = (req: Request): UserActor => ({ user: req.user!, ip: req.ip ?? null });

/** Users administration, admins only; every change is audited by the service. */
export function createUsersRouter(users: UsersService): Router {
  const router = Router();
  router.use(allow('admin'));

  router.get('/', async (req, res) => {
    const { items, total } = await users.list(req.query);
    res.json({ items: items.map(toUserView), total });
  });

  router.post('/', async (req, res) => {
    res.status(201).json(toUserView(await users.create(req.body, actorOf(req))));
  });

  router.get('/:id', async (req, res) => {
    res.json(toUserView(await users.get(parse(userIdSchema, req.params).id)));
  });

  router.patch('/:id', async (req, res) => {
    res.json(toUserView(await users.update(parse(userIdSchema, req.params).id, req.body, actorOf(req))));
  });

  router.post('/:id/deactivate', async (req, res) => {
    res.json(toUserView(await users.deactivate(parse(userIdSchema, req.params).id, actorOf(req))));
  });

  // the new password is in this answer only; it is neither stored in clear nor audited
  router.post('/:id/password', async (req, res) => {
    const { user, password } = await users.resetPassword(parse(userIdSchema, req.params).id, actorOf(req));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user: toUserView(user), password });
  });
  return router;
}
