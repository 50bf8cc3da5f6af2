import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { notFound } from '../http/errors';
import { parse } from '../http/validate';
import { rooms, type Realtime } from '../realtime/gateway';
import { createReferenceChecks } from '../requests/reference-checks';
import { createNoticesRepository } from './notices.repository';
import { listQuerySchema, newNoticeSchema, noticeParams } from './notices.schemas';

/**
 * Information notices (item 4.6): supervisors publish, agents read them in the console, receive new ones live
 * (`notice:published` to staff) and acknowledge; the supervisor sees who has not.
 */
export function createNoticesRouter(dataSource: DataSource, audit: AuditService, realtime: Realtime): Router {
  const router = Router();
  const notices = createNoticesRepository(dataSource);
  const checks = createReferenceChecks(dataSource);

  router.post('/', allow('supervisor', 'admin'), async (req, res) => {
    const input = parse(newNoticeSchema, req.body);
    // Codes are checked before anything is written, so a typo is a 400 naming the tag and nothing is published.
    for (const [i, code] of input.topicCodes.entries()) await checks.topic(code, `topicCodes.${i}`);
    for (const [i, code] of input.districtCodes.entries()) await checks.district(code, `districtCodes.${i}`);
    const notice = await notices.create(input, req.user!.id);
    await audit.record({ userId: req.user!.id, action: 'create', entity: 'notice', entityId: notice.id, ip: req.ip });
    // Only what a list line needs: a notice is not personal, yet screens read it over HTTP like any other.
    if (Date.parse(notice.validFrom) <= Date.now()) {
      realtime.io.to(rooms.staff).emit('notice:published', { id: notice.id, kind: notice.kind, title: notice.title, validUntil: notice.validUntil });
    }
    res.status(201).json(notice);
  });

  router.get('/', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    const q = parse(listQuerySchema, req.query);
    res.json({ items: await notices.list(req.user!.id, q.active !== 'false') });
  });

  router.get('/:id', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    const { id } = parse(noticeParams, req.params);
    const notice = await notices.one(id, req.user!.id);
    if (!notice) throw notFound('Notice');
    res.json(notice);
  });

  router.post('/:id/ack', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    const { id } = parse(noticeParams, req.params);
    if (!(await notices.ack(id, req.user!.id))) throw notFound('Notice');
    res.status(204).end();
  });

  router.get('/:id/readers', allow('supervisor', 'admin'), async (req, res) => {
    const { id } = parse(noticeParams, req.params);
    if (!(await notices.one(id, req.user!.id))) throw notFound('Notice');
    res.json({ items: await notices.readers(id) });
  });

  return router;
}
