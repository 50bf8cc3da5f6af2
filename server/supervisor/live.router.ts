import { Router } from 'express';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { parse } from '../http/validate';
import { rooms, type Realtime } from '../realtime/gateway';
import { leanSchema, queueParamSchema, queueSettingsSchema, snapshotSchema } from './live.schemas';
import type { QueueSettingsView, SupervisorLive } from '../realtime/contract';
import type { QueueSettingsInput } from './live.schemas';

const SUPERVISORS = ['supervisor', 'admin'] as const;

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
export function handleQueuesLean(realtime: Pick<Realtime, 'onClientEvent'>): void {
  realtime.onClientEvent('queues:lean', {
    roles: SUPERVISORS,
    schema: leanSchema,
    async handle({ lean }, { socket }) {
      if (lean) await socket.join(rooms.leanSupervisors);
      else await socket.leave(rooms.leanSupervisors);
      return {};
    },
  });
}

/** `supervisor:snapshot`: the whole live picture in the acknowledgement; anyone but a supervisor is refused. */
export function handleSupervisorSnapshot(realtime: Pick<Realtime, 'onClientEvent'>, deps: { live: LiveAccess }): void {
  realtime.onClientEvent('supervisor:snapshot', {
    roles: SUPERVISORS,
    schema: snapshotSchema,
    handle: async () => ({ snapshot: await deps.live.current() }),
  });
}
