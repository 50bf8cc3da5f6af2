import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { allow } from '../../auth/auth.middleware';
import { parse } from '../../http/validate';
import { listBackups } from './backups.repository';

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

/** The scheduled backups for admins: when, where, how big, and whether it worked. */
export function createBackupsRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get('/backups', allow('admin'), async (req, res) => {
    const q = parse(querySchema, req.query);
    res.json({ items: await listBackups(dataSource, q.limit) });
  });
  return router;
}
