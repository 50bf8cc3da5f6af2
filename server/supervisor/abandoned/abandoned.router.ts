import { Router } from 'express';
import { allow } from '../../auth/auth.middleware';
import { parse } from '../../http/validate';
import { outcomeSchema } from './abandoned.schemas';
import type { WorklistService } from './abandoned.service';

/**
 * `/abandoned`: the callers to call back. Agents see it between calls (they need the numbers to dial),
 * supervisors and admins on its page; calling back is the ordinary click-to-call (`POST /calls/originate`).
 */
export function createWorklistRouter(service: WorklistService): Router {
  const router = Router();
  const staff = allow('agent', 'supervisor', 'admin');
  router.get('/', staff, async (req, res) => {
    res.json(await service.list(req.user!, req.ip));
  });
  router.post('/outcomes', staff, async (req, res) => {
    const input = parse(outcomeSchema, req.body);
    res.status(201).json(await service.recordOutcome(req.user!, input));
  });
  return router;
}
