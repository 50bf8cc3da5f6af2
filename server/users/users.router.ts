import { Router, type Request } from 'express';
import { allow } from '../auth/auth.middleware';
import { parse } from '../http/validate';
import { userIdSchema } from './users.schemas';
import type { UserRow } from './users.repository';
import type { UserActor, UsersService } from './users.service';
import { toUserView, type LoginLock } from './users.view';

/** The login waits of some users, by lower-cased username (the login limiter's). */
export type LocksOf = (usernames: string[]) => Promise<Map<string, LoginLock>>;

const actorOf = (req: Request): UserActor => ({ user: req.user!, ip: req.ip ?? null });

/** Users administration, admins only; every change is audited by the service. */
export function createUsersRouter(users: UsersService, locksOf: LocksOf): Router {
  const router = Router();
  router.use(allow('admin'));
  const withLocks = async (rows: UserRow[]) => {
    const locks = await locksOf(rows.map((u) => u.username));
    return rows.map((u) => toUserView(u, locks.get(u.username.toLowerCase()) ?? null));
  };

  router.get('/', async (req, res) => {
    const { items, total } = await users.list(req.query);
    res.json({ items: await withLocks(items), total });
  });

  router.post('/', async (req, res) => {
    res.status(201).json(toUserView(await users.create(req.body, actorOf(req))));
  });

  router.get('/:id', async (req, res) => {
    res.json((await withLocks([await users.get(parse(userIdSchema, req.params).id)]))[0]);
  });

  router.patch('/:id', async (req, res) => {
    res.json(toUserView(await users.update(parse(userIdSchema, req.params).id, req.body, actorOf(req))));
  });

  router.post('/:id/deactivate', async (req, res) => {
    res.json(toUserView(await users.deactivate(parse(userIdSchema, req.params).id, actorOf(req))));
  });

  router.post('/:id/reactivate', async (req, res) => {
    res.json(toUserView(await users.reactivate(parse(userIdSchema, req.params).id, actorOf(req))));
  });

  // the new password is in this answer only; it is neither stored in clear nor audited
  router.post('/:id/password', async (req, res) => {
    const { user, password } = await users.resetPassword(parse(userIdSchema, req.params).id, actorOf(req));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user: toUserView(user), password });
  });
  return router;
}
