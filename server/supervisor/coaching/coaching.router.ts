import { Router } from 'express';
import { allow } from '../../auth/auth.middleware';
import { parse } from '../../http/validate';
import type { LeaderCalls } from '../../cluster/leader-calls';
import { userRef } from '../../cluster/leader-operation';
import { z } from 'zod';
import type { Coaching } from './coaching.service';
import { sessionIdSchema, startSpySchema, switchSpySchema } from './coaching.schemas';

const args = {
  start: z.object({ user: userRef, input: startSpySchema }),
  change: z.object({ user: userRef, sessionId: sessionIdSchema.shape.sessionId, mode: switchSpySchema.shape.mode }),
  stop: z.object({ user: userRef, sessionId: sessionIdSchema.shape.sessionId }),
  mine: z.object({ user: userRef }),
};

/** `/supervisor/spy`: listen, whisper, barge (supervisors and admins); run on the AMI leader, which has the desks. */
export function createCoachingRouter(coaching: Coaching, leader: LeaderCalls): Router {
  const roles = ['supervisor', 'admin'] as const;
  leader.handle('coach.start', { args: args.start, users: { user: roles }, run: async ({ user, input }) => coaching.start(user, input) });
  leader.handle('coach.change', { args: args.change, users: { user: roles }, run: ({ user, sessionId, mode }) => coaching.switchMode(user, sessionId, mode) });
  leader.handle('coach.stop', { args: args.stop, users: { user: roles }, run: ({ user, sessionId }) => coaching.stop(user, sessionId) });
  leader.handle('coach.mine', { args: args.mine, users: { user: roles }, run: async ({ user }) => coaching.mine(user) });
  const router = Router();
  router.get('/spy', allow(...roles), async (req, res) => {
    res.json(await leader.call('coach.mine', { user: req.user! }));
  });
  router.post('/spy', allow(...roles), async (req, res) => {
    const input = parse(startSpySchema, req.body);
    res.status(202).json(await leader.call('coach.start', { user: req.user!, input }));
  });
  router.post('/spy/:sessionId', allow(...roles), async (req, res) => {
    const { sessionId } = parse(sessionIdSchema, req.params);
    const { mode } = parse(switchSpySchema, req.body);
    res.json(await leader.call('coach.change', { user: req.user!, sessionId, mode }));
  });
  router.delete('/spy/:sessionId', allow(...roles), async (req, res) => {
    const { sessionId } = parse(sessionIdSchema, req.params);
    await leader.call('coach.stop', { user: req.user!, sessionId });
    res.status(204).end();
  });
  return router;
}
