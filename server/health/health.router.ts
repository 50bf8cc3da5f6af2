import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import { AppError, notFound } from '../http/errors';
import type { DatabaseHealth } from '../http/database-health';
import type { Metrics } from './metrics';
import type { PoolState } from './pool-state';
import type { Sql } from '../citizens/citizens.repository';

/** How long a scrape waits for the database's figures before it answers with the last ones. */
const OPS_READ_MS = 1_000;

export interface AmiStatus {
  /** `standby`: this node is not the AMI leader; another one holds the link. */
  state: 'connected' | 'connecting' | 'auth_failed' | 'disconnected' | 'standby';
  since: string;
  error?: string;
}

export interface HealthDeps {
  database: DatabaseHealth;
  ami: () => AmiStatus;
  /** This node: its name and whether it holds the AMI link. */
  node: () => { id: string; leader: boolean };
  /** Nodes alive in the cluster (1 on a single node). */
  nodes: () => number;
  metrics: Metrics;
  /** The connection pool and the exports' share of it; absent in apps built without a pool. */
  pool?: () => (PoolState & { exports: { running: number; limit: number } }) | null;
  /** The bearer token Prometheus sends; null or absent = `/metrics` is not served. */
  metricsToken?: string | null;
  /** Where the retention runs and the outbox are read for `/metrics`; absent = those metrics stay at their last values. */
  opsSql?: Sql;
  /** Whether the request carries a live session (false when it cannot be told, e.g. the database is down). */
  loggedIn?: (req: Request) => Promise<boolean>;
}

/**
 * `/api/health` for load balancers and people: anyone gets the verdict (status, database up, the AMI link's
 * state); the details (the PBX's error, which names its address, this node's host name, the cluster) only a
 * logged-in user or the metrics token. `/metrics` for Prometheus, behind its own token, since it reveals
 * traffic, routes and the process's insides.
 */
export function createHealthRouter({ database, ami, node, nodes, metrics, metricsToken, loggedIn, pool = () => null, opsSql }: HealthDeps): Router {
  const router = Router();
  router.get('/api/health', async (req, res) => {
    const db = database.snapshot();
    const link = ami();
    const connections = pool();
    // A saturated pool answers 503 database_busy to whoever waits past 5 s: say so, though the node still serves.
    const ok = db.up && (link.state === 'connected' || link.state === 'standby') && !connections?.saturated;
    const status = ok ? 'ok' : 'degraded';
    // A session is checked in the database: not while the pool is saturated, where it would wait for a connection.
    const detailed = (metricsToken && bearerIs(req, metricsToken))
      || (db.up && !connections?.saturated && (await loggedIn?.(req).catch(() => false)));
    res.status(db.up ? 200 : 503).json(detailed
      ? { status, db, ami: link, node: node(), cluster: { nodes: nodes() }, pool: connections }
      : { status, db: { up: db.up }, ami: { state: link.state } });
  });
  router.get('/metrics', async (req, res) => {
    if (!metricsToken) throw notFound('Route');
    if (!bearerIs(req, metricsToken)) throw new AppError(401, 'unauthorized', 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.');
    metrics.databaseUp.set(database.up ? 1 : 0);
    metrics.amiConnected.set(ami().state === 'connected' ? 1 : 0);
    metrics.amiLeader.set(node().leader ? 1 : 0);
    const connections = pool();
    if (connections) {
      metrics.poolConnections.set({ state: 'idle' }, connections.idle);
      metrics.poolConnections.set({ state: 'busy' }, connections.total - connections.idle);
      metrics.poolWaiting.set(connections.waiting);
      metrics.exportsRunning.set(connections.exports.running);
    }
    // From the database, so only when it answers and a connection is free; a slow one must not hold the scrape.
    if (database.up && !connections?.saturated && opsSql) {
      await Promise.race([metrics.ops.refresh(opsSql).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, OPS_READ_MS).unref())]);
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

function bearerIs(req: Request, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
