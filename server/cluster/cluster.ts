import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createHeartbeat } from './heartbeat';
import { batchingNotifies } from './notify-batcher';
import { LeaderLock } from './leader-lock';

export interface ClusterOptions {
  url: string;
  dataSource: DataSource;
  log: Logger;
  /** NODE_ID; default host name, process id and a random suffix. */
  nodeId?: string | null;
  /** How often a follower tries the lock (ms). */
  pollMs?: number;
}

export const defaultNodeId = () => `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;

/**
 * This node's place in a cluster (CLUSTER=postgres): its name, whether it holds the AMI link (the advisory
 * lock), how many nodes are alive (heartbeats), and the pool Socket.IO's PostgreSQL adapter listens on.
 */
export function createCluster(o: ClusterOptions) {
  const nodeId = o.nodeId || defaultNodeId();
  const log = o.log.child({ module: 'cluster', node: nodeId });
  const listeners: ((leader: boolean) => void)[] = [];
  // The adapter's LISTEN holds one connection; NOTIFYs go one batch at a time (notify-batcher.ts). A notification
  // is not data worth an fsync: each NOTIFY statement commits, and need not wait for the disk.
  const raw = new pg.Pool({ connectionString: o.url, max: 3, application_name: 'hromada-contact-sockets', options: '-c synchronous_commit=off' });
  const pool = batchingNotifies(raw);
  // A checked-out client (the adapter's LISTEN) that loses its server must not take the process with it.
  pool.on('connect', (client) => client.on('error', (error) => log.warn({ err: error }, 'socket adapter connection lost')));
  pool.on('error', (error) => log.warn({ err: error }, 'socket adapter pool error'));
  const lock: LeaderLock = new LeaderLock({
    url: o.url, log, pollMs: o.pollMs,
    onChange: (leader) => {
      void heartbeat.beat();
      for (const listener of listeners) listener(leader);
    },
  });
  const heartbeat = createHeartbeat({ dataSource: o.dataSource, nodeId, isLeader: () => lock.isLeader, log });

  return {
    nodeId,
    pool,
    isLeader: () => lock.isLeader,
    nodesAlive: () => heartbeat.alive(),
    /** Told each time this node becomes the leader (true) or stops being it (false). */
    onLeadership(listener: (leader: boolean) => void): void {
      listeners.push(listener);
    },
    start(): void {
      heartbeat.start();
      lock.start();
    },
    async stop(): Promise<void> {
      await lock.stop();
      await heartbeat.stop();
      await pool.end().catch(() => undefined);
    },
  };
}
export type Cluster = ReturnType<typeof createCluster>;
