import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { notFound } from '../http/errors';
import { id, idParams as idSchema } from '../http/schemas';
import { parse } from '../http/validate';
import { createReferenceChecks } from '../requests/reference-checks';
import { createRoutingRepository } from './routing.repository';

const code = (max: number) => z.string().trim().min(1, 'required').max(max);
const suggestSchema = z.object({ topic: code(16), district: code(8).optional() });
const putSchema = z.object({
  topicCode: code(16),
  district: code(8).nullable().default(null),
  executorId: id,
});

/** Routing of requests to executors: a suggestion for agents, the rules table for admins. */
export function createRoutingRouter(dataSource: DataSource, audit: AuditService): Router {
  const router = Router();
  const rules = createRoutingRepository();
  const checks = createReferenceChecks(dataSource);

  router.get('/suggest', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    const q = parse(suggestSchema, req.query);
    await checks.topic(q.topic, 'topic');
    if (q.district) await checks.district(q.district, 'district');
    res.json({ executor: await rules.suggest(dataSource, q.topic, q.district ?? null) });
  });

  router.get('/rules', allow('admin'), async (req, res) => {
    const q = parse(z.object({ topic: code(16).optional() }), req.query);
    res.json({ items: await rules.list(dataSource, q.topic ?? null) });
  });

  router.put('/rules', allow('admin'), async (req, res) => {
    const body = parse(putSchema, req.body);
    await checks.topic(body.topicCode, 'topicCode');
    if (body.district) await checks.district(body.district, 'district');
    await checks.executor(body.executorId, 'executorId');
    const rule = await rules.put(dataSource, body.topicCode, body.district, body.executorId);
    await audit.record({ userId: req.user!.id, action: 'update', entity: 'routing_rule', entityId: rule.id, detail: body, ip: req.ip });
    res.json(rule);
  });

  router.delete('/rules/:id', allow('admin'), async (req, res) => {
    const { id } = parse(idSchema, req.params);
    if (!(await rules.remove(dataSource, id))) throw notFound('Routing rule');
    await audit.record({ userId: req.user!.id, action: 'delete', entity: 'routing_rule', entityId: id, ip: req.ip });
    res.status(204).end();
  });
  return router;
}
