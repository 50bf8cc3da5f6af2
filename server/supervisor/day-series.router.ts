import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { allow } from '../auth/auth.middleware';
import { day } from '../http/schemas';
import { parse } from '../http/validate';
import { readDaySeries } from './day-series';
import { kyivDay } from './kyiv-day';
import { queueParamSchema } from './live.schemas';

const daySeriesQuery = z.object({ day: day.optional() }).strict();

/**
 * `/supervisor/queues/:queue/day?day=`: the queue's Kyiv day in half hours from the call log. Read from the
 * database, so any node answers it (not through the AMI leader); supervisors and admins.
 */
export function createDaySeriesRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get('/queues/:queue/day', allow('supervisor', 'admin'), async (req, res) => {
    const { queue } = parse(queueParamSchema, req.params);
    const query = parse(daySeriesQuery, req.query);
    res.json(await readDaySeries(dataSource, queue, query.day ?? kyivDay(new Date())));
  });
  return router;
}
