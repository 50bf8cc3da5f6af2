import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { allow } from '../../auth/auth.middleware';
import { overdueByDistrict, overdueByExecutor } from './overdue.repository';

/**
 * `/overdue/summary`: the daily monitor of the seed decision's item 4.1 — what is overdue today, by executor
 * and by district. Counts only, no applicant data; supervisors and admins (an executor has its own portal).
 */
export function createOverdueRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get('/summary', allow('supervisor', 'admin'), async (_req, res) => {
    const now = new Date();
    const [byExecutor, byDistrict] = await Promise.all([overdueByExecutor(dataSource, now), overdueByDistrict(dataSource, now)]);
    res.json({ at: now.toISOString(), total: byExecutor.reduce((n, e) => n + e.overdue, 0), byExecutor, byDistrict });
  });
  return router;
}
