import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../../audit/audit.service';
import { allow } from '../../auth/auth.middleware';
import { writeTable } from '../../exports/table-writer';
import { notFound, unavailable } from '../../http/errors';
import { parse } from '../../http/validate';
import { ratingColumns } from '../../reports/ratings/ratings.router';
import { leastEffective } from '../../reports/ratings/ratings.service';
import type { DigestQueue } from '../../jobs/digest-jobs';
import { lateExecutors, overdueOf } from '../overdue/overdue.repository';
import { overdueColumns } from './digest-content';
import { emailSchema, executorIdSchema } from './digests.schemas';
import { executorById, latestRuns, setExecutorEmail } from './digests.repository';
import { weekOf } from './digests.service';

export interface DigestsRouterDeps {
  dataSource: DataSource;
  audit: AuditService;
  queue?: DigestQueue;
  smtpConfigured: boolean;
  cron: string;
  rankingTo: string[];
}

async function* once<R>(rows: R[]): AsyncGenerator<R[]> {
  yield rows;
}

/**
 * `/digests`: whether each weekly digest went out, "send now", the digests as XLSX, and the executors'
 * addresses. Supervisors and admins only: an executor never sees another's list.
 */
export function createDigestsRouter(deps: DigestsRouterDeps): Router {
  const { dataSource, audit } = deps;
  const router = Router();
  const may = allow('supervisor', 'admin');

  router.get('/', may, async (_req, res) => {
    const now = new Date();
    const [runs, late] = await Promise.all([latestRuns(dataSource, 5), lateExecutors(dataSource, now)]);
    res.json({
      week: weekOf(now), smtp: deps.smtpConfigured, cron: deps.cron, timeZone: 'Europe/Kyiv', rankingTo: deps.rankingTo,
      runs, late: late.map((e) => ({ ...e, email: e.email ?? null })),
    });
  });

  router.post('/run', may, async (req, res) => {
    if (!deps.queue) throw unavailable('jobs_unavailable', 'The job queue is not running on this server.');
    await deps.queue.runNow();
    await audit.record({ userId: req.user!.id, action: 'digest_run', entity: 'digest', detail: { week: weekOf(new Date()) }, ip: req.ip });
    // smtp false: the digests are recorded and kept (downloadable), none is mailed; the page says so
    res.status(202).json({ week: weekOf(new Date()), smtp: deps.smtpConfigured });
  });

  router.get('/executors/:id.xlsx', may, async (req, res) => {
    const { id } = parse(executorIdSchema, req.params);
    const executor = await executorById(dataSource, id);
    if (!executor) throw notFound('Executor');
    const rows = await overdueOf(dataSource, id, new Date());
    await writeTable(res, 'xlsx', `overdue-${executor.code}`, overdueColumns, once(rows));
  });

  router.get('/ranking.xlsx', may, async (_req, res) => {
    const ranking = await leastEffective(dataSource, new Date());
    await writeTable(res, 'xlsx', 'ranking', ratingColumns, once(ranking.items));
  });

  router.put('/executors/:id/email', may, async (req, res) => {
    const { id } = parse(executorIdSchema, req.params);
    const { email } = parse(emailSchema, req.body);
    if (!(await setExecutorEmail(dataSource, id, email))) throw notFound('Executor');
    await audit.record({ userId: req.user!.id, action: 'update', entity: 'executor', entityId: id, detail: { email }, ip: req.ip });
    res.json({ id, email });
  });
  return router;
}
