import { Router } from 'express';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { ackError } from '../agents/agent-pause';
import { forbidden } from '../http/errors';
import { parse } from '../http/validate';
import { rooms, type RealtimeSocket } from '../realtime/gateway';
import { leanSchema, queueParamSchema, queueSettingsSchema } from './live.schemas';
import type { QueueSettingsView, SupervisorLive } from '../realtime/contract';
import type { QueueSettingsInput } from './live.schemas';
import { isSupervisor } from './queues-broadcaster';

/** The live page as any node reaches it: through the AMI leader, which holds the PBX's picture. */
export interface LiveAccess {
  current(): Promise<SupervisorLive>;
  settings(): Promise<QueueSettingsView[]>;
  saveSettings(queue: string, input: QueueSettingsInput, userId: number): Promise<QueueSettingsView>;
}

/**
 * `/supervisor/live` (queues + agent grid at once), `/supervisor/queues/settings` and
 * `/supervisor/queues/:queue/settings` (our service level threshold and the wallboard colours).
 */
export function createLiveRouter(deps: { live: LiveAccess; audit: AuditService }): Router {
  const router = Router();
  router.get('/live', allow('supervisor', 'admin'), async (_req, res) => {
    res.json(await deps.live.current());
  });
  router.get('/queues/settings', allow('supervisor', 'admin'), async (_req, res) => {
    res.json({ queues: await deps.live.settings() });
  });
  router.put('/queues/:queue/settings', allow('supervisor', 'admin'), async (req, res) => {
    const { queue } = parse(queueParamSchema, req.params);
    const input = parse(queueSettingsSchema, req.body);
    const saved = await deps.live.saveSettings(queue, input, req.user!.id);
    await deps.audit.record({ userId: req.user!.id, action: 'update', entity: 'queue_settings', entityId: queue, detail: { ...saved }, ip: req.ip });
    res.json(saved);
  });
  return router;
}

/** `queues:lean { lean }`: a supervisor's page that shows agents from the grid stops receiving members. */
export function handleQueuesLean(socket: RealtimeSocket, deps: { log: Logger }): void {
  socket.on('queues:lean', async (payload, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    try {
      if (!isSupervisor(socket.data.user.role)) throw forbidden();
      const { lean } = parse(leanSchema, payload);
      if (lean) await socket.join(rooms.leanSupervisors);
      else await socket.leave(rooms.leanSupervisors);
      reply({ ok: true });
    } catch (error) {
      reply(ackError(error, deps.log));
    }
  });
}

/** `supervisor:snapshot`: the whole live picture in the acknowledgement; anyone but a supervisor is refused. */
export function handleSupervisorSnapshot(socket: RealtimeSocket, deps: { live: LiveAccess; log: Logger }): void {
  socket.on('supervisor:snapshot', async (_payload, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    try {
      if (!isSupervisor(socket.data.user.role)) throw forbidden();
      reply({ ok: true, snapshot: await deps.live.current() });
    } catch (error) {
      reply(ackError(error, deps.log));
    }
  });
}
