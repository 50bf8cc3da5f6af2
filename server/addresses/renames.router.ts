import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { notFound } from '../http/errors';
import { idParams } from '../http/schemas';
import { parse } from '../http/validate';
import { parseStreet } from './normalise';
import { renamesRepository as repo } from './renames.repository';

const name = z.string().trim().min(1, 'required').max(200, 'at most 200 characters').refine((s) => parseStreet(s) !== null, 'not a street name');
const renameSchema = z.strictObject({ oldName: name, newName: name, note: z.string().trim().max(500).nullish().transform((n) => n || null) })
  .refine((r) => r.oldName !== r.newName, { path: ['newName'], message: 'the same as oldName' });

/** The street renamings the address normaliser follows: staff read them, admins edit them. */
export function createRenamesRouter(dataSource: DataSource, audit: AuditService, changed: () => Promise<void>): Router {
  const router = Router();
  router.get('/', allow('agent', 'supervisor', 'admin', 'executor'), async (_req, res) => {
    res.json({ items: await repo.list(dataSource) });
  });
  router.post('/', allow('admin'), async (req, res) => {
    const body = parse(renameSchema, req.body);
    const row = await repo.add(dataSource, body);
    await audit.record({ userId: req.user!.id, action: 'create', entity: 'street_rename', entityId: row.id, detail: body, ip: req.ip });
    await changed();
    res.status(201).json(row);
  });
  router.delete('/:id', allow('admin'), async (req, res) => {
    const { id } = parse(idParams, req.params);
    if (!(await repo.remove(dataSource, id))) throw notFound('Street renaming');
    await audit.record({ userId: req.user!.id, action: 'delete', entity: 'street_rename', entityId: id, ip: req.ip });
    await changed();
    res.status(204).end();
  });
  return router;
}
