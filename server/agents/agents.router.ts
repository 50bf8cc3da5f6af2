import { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { conflict, forbidden, notFound } from '../http/errors';
import { id } from '../http/schemas';
import { parse } from '../http/validate';
import type { RealtimeSocket } from '../realtime/gateway';
import { ackError, parsePause, type PauseInput } from './agent-pause';

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

/** `agent:pause` over the socket: the agent pauses or resumes themself, and gets an acknowledgement. */
/** `agent:queue { loggedIn }`: the agent steps out of the queues, or back in (QUEUE_LOGIN). */
export function handleQueueLogin(socket: RealtimeSocket, deps: { queueLogin: QueueLoginSwitch; log: Logger }): void {
  socket.on('agent:queue', async (payload, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    const { user } = socket.data;
    try {
      if (user.role !== 'agent') throw forbidden();
      if (!user.interface) throw conflict('no_interface', 'This user has no phone (interface) in the queues.');
      if (!deps.queueLogin.enabled) throw conflict('queue_login_off', 'The phone system decides who is in the queues here.');
      const { loggedIn } = parse(queueLoginSchema, payload);
      await deps.queueLogin.set(user.id, loggedIn);
      reply({ ok: true });
    } catch (error) {
      reply(ackError(error, deps.log));
    }
  });
}

export function handleAgentPause(socket: RealtimeSocket, deps: { setPause: SetPause; log: Logger }): void {
  socket.on('agent:pause', async (payload, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    const { user } = socket.data;
    try {
      if (user.role !== 'agent' && user.role !== 'supervisor') throw forbidden();
      await deps.setPause(user, parsePause(payload));
      reply({ ok: true });
    } catch (error) {
      reply(ackError(error, deps.log));
    }
  });
}
