import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { streamDownload } from '../http/download-stream';
import { notFound } from '../http/errors';
import { idParams } from '../http/schemas';
import { parse } from '../http/validate';
import { anonymiseCitizen } from './anonymise';
import { collectSubjectExport } from './subject-export.repository';
import { writeSubjectPdf } from './subject-export.pdf';

const exportQuery = z.object({ format: z.enum(['json', 'pdf']).default('json') });
const anonymiseBody = z.object({ reason: z.string().trim().min(1, 'required').max(1000, 'at most 1000 characters') });

/** The subject's rights (issue 21): an admin exports everything held about one citizen, or anonymises them. */
export function createSubjectRightsRouter(dataSource: DataSource, audit: AuditService): Router {
  const router = Router();
  const admin = allow('admin');

  router.get('/citizens/:id/export', admin, async (req, res) => {
    const { id } = parse(idParams, req.params);
    const { format } = parse(exportQuery, req.query);
    // Recorded before it is read, in one transaction with the read: the export lists itself among who read the citizen.
    const data = await dataSource.transaction(async (m) => {
      const [exists] = await m.query('SELECT 1 FROM citizens WHERE id = $1', [id]);
      if (!exists) return null;
      await m.query(`INSERT INTO audit_log (user_id, action, entity, entity_id, detail, ip) VALUES ($1, 'export', 'citizen', $2, $3, $4)`,
        [req.user!.id, String(id), { format }, req.ip ?? null]);
      return collectSubjectExport(m, id);
    });
    if (!data) throw notFound('Citizen');
    res.attachment(`citizen-${id}.${format}`);
    if (format === 'json') {
      res.json(data);
      return;
    }
    res.type('application/pdf');
    await streamDownload(res, (out) => writeSubjectPdf(data, out));
  });

  router.post('/citizens/:id/anonymise', admin, async (req, res) => {
    const { id } = parse(idParams, req.params);
    const { reason } = parse(anonymiseBody, req.body ?? {});
    res.json(await anonymiseCitizen(dataSource, audit, { citizenId: id, reason, actorId: req.user!.id, ip: req.ip ?? null }));
  });
  return router;
}
