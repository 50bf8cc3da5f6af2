import { Router } from 'express';
import type { DatabaseHealth } from '../http/database-health';
import type { Metrics } from './metrics';

export interface AmiStatus {
  state: 'connected' | 'connecting' | 'auth_failed' | 'disconnected';
  since: string;
  error?: string;
}

export interface HealthDeps {
  database: DatabaseHealth;
  ami: () => AmiStatus;
  metrics: Metrics;
}

/** `/api/health` for people and load balancers, `/metrics` for Prometheus; neither needs a login. */
export function createHealthRouter({ database, ami, metrics }: HealthDeps): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    const db = database.snapshot();
    const link = ami();
    const ok = db.up && link.state === 'connected';
    res.status(db.up ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', db, ami: link });
  });
  router.get('/metrics', async (_req, res) => {
    metrics.databaseUp.set(database.up ? 1 : 0);
    metrics.amiConnected.set(ami().state === 'connected' ? 1 : 0);
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
