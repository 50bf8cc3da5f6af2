import { Router, type Request } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { idParams as idSchema } from '../http/schemas';
import { parse } from '../http/validate';
import type { RequestEvents } from './request-events';
import { createTransitions } from './request-transitions';
import { toRequestView } from './request.view';
import { callbackAttemptSchema, listQuerySchema, newRequestSchema, transitionBodySchema } from './requests.schemas';
import { searchRequests } from './requests.search';
import { createRequestsService, type Actor, type RequestsOptions } from './requests.service';
import { TRANSITION_ROLES } from './transitions';

const actorOf = (req: Request): Actor => ({ user: req.user!, ip: req.ip ?? null });

/** Requests: registration with intake flags, the lifecycle, the callback loop, lists and search. */
export function createRequestsRouter(dataSource: DataSource, audit: AuditService, options: Partial<RequestsOptions> = {}, events?: RequestEvents): Router {
  const router = Router();
  const service = createRequestsService(dataSource, audit, options);
  const transition = createTransitions(dataSource, audit, service.options);
  const staff = allow('agent', 'supervisor', 'admin');

  router.post('/check', staff, async (req, res) => {
    res.json(await service.check(parse(newRequestSchema, req.body)));
  });

  router.post('/', staff, async (req, res) => {
    const created = await service.create(parse(newRequestSchema, req.body), actorOf(req));
    void events?.changed(created.id, { created: true });
    res.status(201).json(created);
  });

  router.get('/', allow('agent', 'supervisor', 'admin', 'executor'), async (req, res) => {
    const q = parse(listQuerySchema, req.query);
    const { rows, total, totalCapped, mode } = await searchRequests(dataSource, q, req.user!, service.options.callbackRetryMinutes);
    // Looking people up by name, phone or text is a read of personal data: one audit line per search.
    if (q.q || q.phone) {
      await audit.record({
        userId: req.user!.id, action: 'search', entity: 'request', detail: { mode, q: q.q, phone: q.phone, ids: rows.map((r) => r.id) }, ip: req.ip,
      });
    }
    const now = service.options.now();
    res.json({ items: rows.map((r) => toRequestView(r, req.user!, now)), total, totalCapped });
  });

  router.get('/:id', allow('agent', 'supervisor', 'admin', 'executor'), async (req, res) => {
    res.json(await service.get(parse(idSchema, req.params).id, actorOf(req)));
  });

  router.post('/:id/transitions', allow(...TRANSITION_ROLES), async (req, res) => {
    const { id } = parse(idSchema, req.params);
    const { version, ...action } = parse(transitionBodySchema, req.body);
    const previousExecutorId = await events?.executorOf(id);
    await transition(id, action, version, actorOf(req));
    void events?.changed(id, { previousExecutorId });
    res.json(await service.view(id, req.user!));
  });

  router.post('/:id/callback-attempts', staff, async (req, res) => {
    const { id } = parse(idSchema, req.params);
    const body = parse(callbackAttemptSchema, req.body);
    const updated = await service.callbackAttempt(id, body.note, actorOf(req));
    void events?.changed(id);
    res.json(updated);
  });
  return router;
}
