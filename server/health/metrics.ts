import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createOpsMetrics } from './ops-metrics';

/** The Prometheus registry of one server: process metrics plus what an operator of a contact center watches. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'hc_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    sockets: new Gauge({ name: 'hc_socket_connections', help: 'Connected console sockets', registers: [registry] }),
    databaseUp: new Gauge({ name: 'hc_database_up', help: '1 when PostgreSQL answers', registers: [registry] }),
    amiConnected: new Gauge({ name: 'hc_ami_connected', help: '1 when the AMI link is logged in', registers: [registry] }),
    amiLeader: new Gauge({ name: 'hc_ami_leader', help: '1 on the node that holds the AMI link (the cluster leader)', registers: [registry] }),
    poolConnections: new Gauge({ name: 'hc_db_pool_connections', help: 'Open database connections of the pool, by state (idle, busy)', labelNames: ['state'], registers: [registry] }),
    poolWaiting: new Gauge({ name: 'hc_db_pool_waiting', help: 'Callers waiting for a database connection', registers: [registry] }),
    exportsRunning: new Gauge({ name: 'hc_exports_running', help: 'Exports reading through a cursor (one connection each)', registers: [registry] }),
    clusterDropped: new Counter({
      name: 'hc_cluster_messages_dropped_total',
      help: 'Messages on the cluster channel refused: unsigned, forged, stale or replayed',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    pops: new Counter({ name: 'hc_call_pops_total', help: 'Caller cards sent to agents', registers: [registry] }),
    ops: createOpsMetrics(registry),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
