import { Router, type Request } from 'express';
import { allow } from '../auth/auth.middleware';
import { parse } from '../http/validate';
import type { Actor } from '../requests/requests.service';
import {
  adHocSchema, cancelSchema, idParamSchema, legParamSchema, listQuerySchema, muteSchema, newConsultationSchema, newParticipantSchema,
  outcomeSchema, participantParamSchema, registrationsQuerySchema, rescheduleSchema,
} from './consultations.schemas';
import type { ConsultationsModule } from './consultations.module';

const actorOf = (req: Request): Actor => ({ user: req.user!, ip: req.ip ?? null });

/** `/consultations/*`: HTTP and roles only. Schedulers are supervisors and admins; the official runs their own panel. */
export function createConsultationsRouter(m: ConsultationsModule): Router {
  const router = Router();
  const { service, actions } = m;
  const schedulers = allow('supervisor', 'admin');
  const panel = allow('supervisor', 'admin', 'official');

  router.get('/', allow('agent', 'supervisor', 'admin', 'official'), async (req, res) => {
    res.json(await service.list(parse(listQuerySchema, req.query), req.user!));
  });
  // Who can be scheduled: the schedule form's list (users with role official and a phone).
  router.get('/officials', schedulers, async (_req, res) => {
    res.json({ items: await service.officials() });
  });
  router.post('/', schedulers, async (req, res) => {
    res.status(201).json(await service.schedule(parse(newConsultationSchema, req.body), actorOf(req)));
  });
  // Before `/:id`: the citizen's page lists the consultations a citizen is registered in.
  router.get('/registrations', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    res.json(await service.registrationsOf(parse(registrationsQuerySchema, req.query).citizenId, actorOf(req)));
  });
  router.get('/:id', allow('agent', 'supervisor', 'admin', 'official'), async (req, res) => {
    res.json(await service.get(parse(idParamSchema, req.params).id, actorOf(req)));
  });
  router.get('/:id/invitation.ics', panel, async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    res.type('text/calendar').attachment(`consultation-${id}.ics`).send(await service.ics(id, req.user!));
  });
  router.post('/:id/reschedule', schedulers, async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    res.json(await service.reschedule(id, parse(rescheduleSchema, req.body), actorOf(req)));
  });
  router.post('/:id/cancel', schedulers, async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    res.json(await service.cancel(id, parse(cancelSchema, req.body).reason, actorOf(req)));
  });
  router.post('/:id/participants', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    res.status(201).json(await service.register(id, parse(newParticipantSchema, req.body), actorOf(req)));
  });
  router.post('/:id/start', schedulers, async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    await actions.start(id);
    res.status(202).json(await service.full(id, req.user!));
  });

  // The panel's actions: staff, or the consultation's own official (anyone else gets 404 from `visible`).
  router.post('/:id/end', panel, async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    await service.visible(id, req.user!);
    await actions.end(id);
    res.json(await service.full(id, req.user!));
  });
  router.post('/:id/next', panel, async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    await service.visible(id, req.user!);
    await actions.callNext(id);
    res.status(202).json(await service.full(id, req.user!));
  });
  router.post('/:id/legs', panel, async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    const { number } = parse(adHocSchema, req.body);
    await service.visible(id, req.user!);
    await actions.addAdHoc(id, number);
    res.status(202).json(await service.full(id, req.user!));
  });
  router.post('/:id/legs/:legId/mute', panel, async (req, res) => {
    const { id, legId } = parse(legParamSchema, req.params);
    const { muted } = parse(muteSchema, req.body);
    await actions.mute(id, legId, req.user!, muted);
    res.status(204).end();
  });
  router.post('/:id/legs/:legId/kick', panel, async (req, res) => {
    const { id, legId } = parse(legParamSchema, req.params);
    await actions.kick(id, legId, req.user!);
    res.status(204).end();
  });
  router.post('/:id/participants/:participantId/outcome', allow('agent', 'supervisor', 'admin', 'official'), async (req, res) => {
    const { id, participantId } = parse(participantParamSchema, req.params);
    await m.recordOutcome(id, participantId, parse(outcomeSchema, req.body), actorOf(req));
    res.json(await service.full(id, req.user!));
  });
  return router;
}
