import { Router } from 'express';
import { z } from 'zod';
import { allow } from '../auth/auth.middleware';
import { dateTime, idParams } from '../http/schemas';
import { parse } from '../http/validate';
import type { Sql } from '../citizens/citizens.repository';
import { badRequest } from '../http/errors';
import { OUTAGE_KINDS, KIND_TOPIC } from './outage-kinds';
import type { OutageIndex } from './outage-index';
import { attachSchema, createOutageSchema, listOutagesSchema, matchSchema, updateOutageSchema } from './outages.schemas';
import type { Actor, OutagesService } from './outages.service';
import type { createSuspicionsService } from './spike/suspicions.service';
import { spikeRepository } from './spike/spike.repository';
import { DEFAULT_THRESHOLD } from './spike/spike-groups';

export interface OutagesRouterDeps {
  sql: Sql;
  outages: OutagesService;
  suspicions: ReturnType<typeof createSuspicionsService>;
  index: OutageIndex;
  /** A supervisor changed a threshold: scan again with it. */
  rescan(): void;
}

const declareSchema = z.strictObject({
  kind: z.enum(OUTAGE_KINDS).optional(),
  planned: z.boolean().optional(),
  text: z.string().trim().min(1, 'required').max(2000, 'at most 2000 characters').optional(),
  expectedEndAt: dateTime.nullish(),
});
const thresholdSchema = z.strictObject({ calls: z.number().int().min(2).max(1000), minutes: z.number().int().min(1).max(1440) });
const groupParams = z.strictObject({ group: z.string().trim().min(1).max(32).regex(/^[a-z_]+$/, 'a topic group such as water') });

const actorOf = (req: { user?: Actor['user']; ip?: string }): Actor => ({ user: req.user!, ip: req.ip });
const staff = allow('agent', 'supervisor', 'admin');
const authors = allow('supervisor', 'admin', 'executor');
const supervisors = allow('supervisor', 'admin');

/** `/api/outages`: outages and planned works, the request form's match, and the spike detector's suspicions. */
export function createOutagesRouter(deps: OutagesRouterDeps): Router {
  const router = Router();
  const { outages, suspicions } = deps;

  router.get('/suspected', supervisors, async (_req, res) => {
    res.json({ items: await suspicions.list() });
  });
  router.post('/suspected/:id/declare', supervisors, async (req, res) => {
    const { id } = parse(idParams, req.params);
    res.status(201).json(await suspicions.declare(id, parse(declareSchema, req.body ?? {}), actorOf(req)));
  });
  router.post('/suspected/:id/dismiss', supervisors, async (req, res) => {
    const { id } = parse(idParams, req.params);
    await suspicions.dismiss(id, actorOf(req));
    res.status(204).end();
  });

  router.get('/spike-settings', supervisors, async (_req, res) => {
    const set = await spikeRepository.thresholds(deps.sql);
    const groups: { group: string }[] = await deps.sql.query('SELECT DISTINCT executor_kind AS group FROM topics WHERE executor_kind IS NOT NULL ORDER BY 1');
    res.json({ defaults: DEFAULT_THRESHOLD, items: groups.map(({ group }) => ({ topicGroup: group, ...(set.get(group) ?? DEFAULT_THRESHOLD), custom: set.has(group) })) });
  });
  router.put('/spike-settings/:group', supervisors, async (req, res) => {
    const { group } = parse(groupParams, req.params);
    const body = parse(thresholdSchema, req.body);
    const [known] = await deps.sql.query('SELECT 1 FROM topics WHERE executor_kind = $1 LIMIT 1', [group]);
    if (!known) throw badRequest('No topic group has that name.', { group: `unknown topic group ${group}` });
    await spikeRepository.putThreshold(deps.sql, group, body);
    deps.rescan();
    res.json({ topicGroup: group, ...body, custom: true });
  });

  /** The request form: is what the caller describes inside an active outage (address, and the topic's group)? */
  router.get('/match', staff, async (req, res) => {
    const q = parse(matchSchema, req.query);
    let items = deps.index.match({ address: q.address, district: q.district ?? null });
    if (q.topic) {
      const [topic] = await deps.sql.query('SELECT executor_kind AS "group" FROM topics WHERE code = $1', [q.topic]);
      if (!topic) throw badRequest('No topic has that code.', { topic: `unknown topic ${q.topic}` });
      const groups: { code: string; group: string }[] = await deps.sql.query('SELECT code, executor_kind AS "group" FROM topics WHERE code = ANY($1)', [Object.values(KIND_TOPIC)]);
      const groupOf = new Map(groups.map((g) => [g.code, g.group]));
      items = items.filter((o) => groupOf.get(KIND_TOPIC[o.kind as keyof typeof KIND_TOPIC]) === topic.group);
    }
    res.json({ items });
  });

  router.get('/', allow('agent', 'supervisor', 'admin', 'executor'), async (req, res) => {
    const q = parse(listOutagesSchema, req.query);
    res.json({ items: await outages.list(q.active, req.user!) });
  });
  router.post('/', authors, async (req, res) => {
    res.status(201).json(await outages.create(parse(createOutageSchema, req.body), actorOf(req)));
  });
  router.get('/:id', allow('agent', 'supervisor', 'admin', 'executor'), async (req, res) => {
    const { id } = parse(idParams, req.params);
    res.json(await outages.get(id, req.user!));
  });
  router.patch('/:id', authors, async (req, res) => {
    const { id } = parse(idParams, req.params);
    res.json(await outages.update(id, parse(updateOutageSchema, req.body), actorOf(req)));
  });
  router.post('/:id/close', authors, async (req, res) => {
    const { id } = parse(idParams, req.params);
    res.json(await outages.close(id, actorOf(req)));
  });
  router.post('/:id/attach', staff, async (req, res) => {
    const { id } = parse(idParams, req.params);
    res.status(201).json(await outages.attach(id, parse(attachSchema, req.body).callId, actorOf(req)));
  });
  return router;
}
