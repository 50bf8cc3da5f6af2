import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { notFound } from '../http/errors';
import { id } from '../http/schemas';
import { parse } from '../http/validate';
import { readSettings, settingsSchema, writeSettings } from './escalation-settings';

const noQuery = z.object({}).strict();
const requestParams = z.object({ requestId: id });

/**
 * The supervisor's escalation list: requests the citizen keeps calling about, or a building whose topic keeps
 * coming back. No personal data: the request's page (audited) has the applicant.
 */
export function createEscalationsRouter(dataSource: DataSource, audit: AuditService): Router {
  const router = Router();

  router.get('/', allow('supervisor', 'admin'), async (req, res) => {
    parse(noQuery, req.query);
    const items = await dataSource.query(
      `SELECT e.request_id AS "requestId", r.number, r.status, e.reason, e.calls, e.marked_at AS "markedAt",
              json_build_object('code', t.code, 'name', t.name_uk) AS topic, r.district_code AS district,
              (SELECT min(coalesce(c.queued_at, c.offered_at, c.answered_at)) FROM call_requests cr JOIN calls c ON c.id = cr.call_id WHERE cr.request_id = r.id) AS since,
              CASE WHEN x.id IS NULL THEN NULL ELSE json_build_object('id', x.id, 'name', x.name_uk) END AS executor
         FROM request_escalations e JOIN requests r ON r.id = e.request_id JOIN topics t ON t.code = r.topic_code
         LEFT JOIN executors x ON x.id = r.executor_id
        WHERE e.resolved_at IS NULL ORDER BY e.marked_at DESC LIMIT 500`);
    res.json({ items });
  });

  router.get('/settings', allow('supervisor', 'admin'), async (req, res) => {
    parse(noQuery, req.query);
    res.json(await readSettings(dataSource));
  });

  router.put('/settings', allow('supervisor', 'admin'), async (req, res) => {
    const settings = parse(settingsSchema, req.body);
    await writeSettings(dataSource, settings, req.user!.id);
    await audit.record({ userId: req.user!.id, action: 'update', entity: 'escalation_settings', detail: settings, ip: req.ip });
    res.json(settings);
  });

  /** The supervisor has dealt with it: off the list (a later call past the count puts it back). */
  router.post('/:requestId/resolve', allow('supervisor', 'admin'), async (req, res) => {
    const { requestId } = parse(requestParams, req.params);
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = await dataSource.query(
      'UPDATE request_escalations SET resolved_at = now(), resolved_by = $2 WHERE request_id = $1 AND resolved_at IS NULL',
      [requestId, req.user!.id]);
    if (!affected) throw notFound('Escalation');
    await audit.record({ userId: req.user!.id, action: 'update', entity: 'escalation', entityId: requestId, detail: { resolved: true }, ip: req.ip });
    res.status(204).end();
  });
  return router;
}
