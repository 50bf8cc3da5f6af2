import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../../telephony';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { allow } from '../auth/auth.middleware';
import { notFound, unavailable } from '../http/errors';
import { parse } from '../http/validate';
import type { CardService } from './card.service';
import { callIdSchema, citizenIdSchema, noQuerySchema, originateSchema, wrapUpSchema } from './calls.schemas';
import { myCalls } from './calls.repository';
import { myTopics } from './my-topics.repository';
import type { LiveCalls } from './live-calls';
import { wrapUpCall } from './wrap-up.service';

/** What only the AMI leader can do; the calls module forwards it there from any node. */
export interface LeaderCallActions {
  originate(user: AuthUser, input: { number: string; requestId?: number }): Promise<{ callId: string }>;
  hangup(user: AuthUser, callId: string): Promise<void>;
  classified(userId: number, callId: string): Promise<void>;
}

export interface CallsRouterDeps {
  dataSource: DataSource;
  audit: AuditService;
  cards: CardService;
  actions: LeaderCallActions;
}

/** An agent hangs up their own call, a supervisor any (run on the leader: it knows the desks and the channels). */
export async function hangupCall(deps: { live: LiveCalls; telephony?: Telephony }, user: AuthUser, callId: string): Promise<void> {
  if (user.role === 'agent' && !deps.live.desks.holding(user.id, callId)) throw notFound('Call');
  if (!deps.telephony || deps.telephony.status().state !== 'connected') throw unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
  if (!(await deps.telephony.hangupCall(callId))) throw notFound('Call');
}

/** `/calls/*`: my calls, wrap-up, click-to-call. Thin: validate → service → answer. */
export function createCallsRouter(deps: CallsRouterDeps): Router {
  const router = Router();
  router.get('/mine', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    res.json({ items: await myCalls(deps.dataSource, req.user!.id) });
  });
  // The wrap-up form's digit keys 1–9: the topics this agent classifies most.
  router.get('/my-topics', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    parse(noQuerySchema, req.query);
    res.json({ items: await myTopics(deps.dataSource, req.user!.id) });
  });
  router.post('/originate', allow('agent', 'supervisor'), async (req, res) => {
    const input = parse(originateSchema, req.body);
    res.status(202).json(await deps.actions.originate(req.user!, input));
  });
  router.post('/:callId/hangup', allow('agent', 'supervisor'), async (req, res) => {
    const { callId } = parse(callIdSchema, req.params);
    await deps.actions.hangup(req.user!, callId);
    res.status(202).json({ callId });
  });
  router.post('/:callId/wrap-up', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    const { callId } = parse(callIdSchema, req.params);
    const input = parse(wrapUpSchema, req.body);
    await wrapUpCall(deps.dataSource, req.user!, callId, input);
    await deps.actions.classified(req.user!.id, callId);
    res.json({ callId, wrapUp: input });
  });
  return router;
}

/** `GET /citizens/:id/card`: the caller card outside a call (the citizen's page, a callback). Audited: personal data. */
export function createCardRouter(deps: Pick<CallsRouterDeps, 'dataSource' | 'audit' | 'cards'>): Router {
  const router = Router();
  router.get('/citizens/:id/card', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    const { id } = parse(citizenIdSchema, req.params);
    const card = await deps.cards.byCitizen(id);
    if (!card) throw notFound('Citizen');
    await deps.audit.record({ userId: req.user!.id, action: 'read', entity: 'citizen', entityId: id, detail: { via: 'card' }, ip: req.ip });
    res.json(card);
  });
  return router;
}
