import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { conflict, notFound } from '../http/errors';
import { id } from '../http/schemas';
import { parse } from '../http/validate';
import type { Realtime } from '../realtime/gateway';
import { parsePause, pauseSchema, type PauseInput } from './agent-pause';

/** Pauses or resumes an agent in the PBX (on the AMI leader, wherever this request came in). */
export type SetPause = (agent: { id: number; interface: string | null }, input: PauseInput) => Promise<void>;

/** What `agent:queue` needs of the queue log-in (it runs on the AMI leader). */
export interface QueueLoginSwitch {
  enabled: boolean;
  set(userId: number, loggedIn: boolean): Promise<void>;
}

const userIdSchema = z.object({ userId: id });
const queueLoginSchema = z.object({ loggedIn: z.boolean() });

/** `POST /agents/:userId/pause`: a supervisor forces an agent's pause (or lifts it). Audited. */
export function createAgentsRouter(deps: { setPause: SetPause; dataSource: DataSource; audit: AuditService }): Router {
  const router = Router();
  router.post('/:userId/pause', allow('supervisor', 'admin'), async (req, res) => {
    const { userId } = parse(userIdSchema, req.params);
    const input = parsePause(req.body);
    const [agent] = await deps.dataSource.query('SELECT id, interface FROM users WHERE id = $1 AND active', [userId]);
    if (!agent) throw notFound('Agent');
    await deps.setPause(agent, input);
    await deps.audit.record({ userId: req.user!.id, action: 'update', entity: 'agent_pause', entityId: userId, detail: input, ip: req.ip });
    res.json({ userId, paused: input.paused, reason: input.paused ? input.reason : null });
  });
  return router;
}

/** `agent:queue { loggedIn }`: the agent steps out of the queues, or back in (QUEUE_LOGIN). */
export function handleQueueLogin(realtime: Pick<Realtime, 'onClientEvent'>, deps: { queueLogin: QueueLoginSwitch }): void {
  realtime.onClientEvent('agent:queue', {
    roles: ['agent'],
    schema: queueLoginSchema,
    async handle({ loggedIn }, { user }) {
      if (!user.interface) throw conflict('no_interface', 'This user has no phone (interface) in the queues.');
      if (!deps.queueLogin.enabled) throw conflict('queue_login_off', 'The phone system decides who is in the queues here.');
      await deps.queueLogin.set(user.id, loggedIn);
      return {};
    },
  });
}

/** `agent:pause` over the socket: the agent pauses or resumes themself, and gets an acknowledgement. */
export function handleAgentPause(realtime: Pick<Realtime, 'onClientEvent'>, deps: { setPause: SetPause }): void {
  realtime.onClientEvent('agent:pause', {
    roles: ['agent', 'supervisor'],
    schema: pauseSchema,
    async handle(input, { user }) {
      await deps.setPause(user, input);
      return {};
    },
  });
}
