import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { badRequest } from '../http/errors';
import { parse } from '../http/validate';
import { normalisePhone } from '../phones';
import { createCitizensRepository } from './citizens.repository';

const byPhoneSchema = z.object({ phone: z.string().trim().min(1, 'required').max(40) });

/** Citizens for the contact center's staff; executors never reach them (they see a request's contact only). */
export function createCitizensRouter(dataSource: DataSource, audit: AuditService): Router {
  const router = Router();
  const repository = createCitizensRepository();
  router.get('/', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    const { phone } = parse(byPhoneSchema, req.query);
    const normalised = normalisePhone(phone);
    if (!normalised) throw badRequest('The phone number is not a Ukrainian number.', { phone: 'not a valid phone number' });
    const items = await repository.byPhone(dataSource, normalised);
    // Each card found is a read of personal data (Law 2297-VI): one audit line per citizen shown.
    for (const c of items) {
      await audit.record({ userId: req.user!.id, action: 'read', entity: 'citizen', entityId: c.id, detail: { via: 'phone' }, ip: req.ip });
    }
    res.json({ items });
  });
  return router;
}
