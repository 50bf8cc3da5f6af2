import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { notFound, unavailable } from '../http/errors';
import { idParams } from '../http/schemas';
import { parse } from '../http/validate';
import type { RetentionQueue } from '../jobs/retention-jobs';
import { lastRuns, readRun, readSettings } from './retention.repository';

const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) });

/** `/admin/retention`: the periods in force and the last runs (admins), and a run now through the job queue. */
export function createRetentionRouter(deps: { dataSource: DataSource; audit: AuditService; queue?: RetentionQueue }): Router {
  const router = Router();
  const admin = allow('admin');

  router.get('/retention', admin, async (req, res) => {
    const { limit } = parse(runsQuery, req.query);
    const settings = await readSettings(deps.dataSource);
    // The audit log outlives whatever it audits: its period in force is the longest of all.
    const longest = Math.max(...settings.map((s) => s.keepDays));
    res.json({
      settings: settings.map((s) => ({ ...s, keepDaysInForce: s.kind === 'audit_log' ? longest : s.keepDays })),
      runs: await lastRuns(deps.dataSource, limit),
    });
  });

  router.get('/retention/runs/:id', admin, async (req, res) => {
    const { id } = parse(idParams, req.params);
    const run = await readRun(deps.dataSource, id);
    if (!run) throw notFound('Retention run');
    const citizens = await deps.dataSource.query(
      `SELECT citizen_id AS "citizenId", outcome, detail, at FROM retention_run_citizens WHERE run_id = $1 ORDER BY outcome DESC, citizen_id LIMIT 1000`, [id]);
    res.json({ ...run, citizens });
  });

  router.post('/retention/run', admin, async (req, res) => {
    if (!deps.queue) throw unavailable('jobs_unavailable', 'The job queue is not running on this server.');
    await deps.queue.runNow();
    await deps.audit.record({ userId: req.user!.id, action: 'retention_run', entity: 'retention', ip: req.ip });
    res.status(202).json({ queued: true });
  });
  return router;
}
