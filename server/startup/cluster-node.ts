import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../../telephony';
import type { App } from '../app';
import { purgeExpiredSessions } from '../auth/sessions';
import { createCluster, type Cluster } from '../cluster/cluster';
import type { Config } from '../config';
import { workConsultationJobs } from '../jobs/consultation-jobs';
import { QUEUES } from '../jobs/jobs';

/** The jobs that dial (a consultation's start): only the node with the PBX link works them. */
const DIALLING_QUEUES = QUEUES.filter((q) => q.startsWith('consultation-'));

/** CLUSTER=postgres needs what every node must share; say which is missing rather than misbehave later. */
export function clusterRefusal(config: Config): string | null {
  if (!config.cluster) return null;
  if (!config.databaseUrl) return 'CLUSTER=postgres needs DATABASE_URL: the nodes share one PostgreSQL (the embedded one serves a single node)';
  if (!config.ami) return 'CLUSTER=postgres needs AMI_HOST: the leader connects to the real PBX (the built-in simulator serves a single node)';
  if (!config.sessionSecret) return 'CLUSTER=postgres needs SESSION_SECRET, the same on every node, so that a login on one node is valid on all';
  return null;
}

export function joinCluster(config: Config, dataSource: DataSource, log: Logger): Cluster {
  return createCluster({ url: config.databaseUrl!, dataSource, log, nodeId: config.nodeId });
}

/**
 * What holding the AMI link means for this node: connect and resync (which restores desks and wrap-ups from
 * the database), work the jobs that dial, purge sessions. Losing it drops the link at once and forgets the
 * desks, which are the new leader's to keep.
 */
export function followLeadership(o: { cluster: Cluster; dataSource: DataSource; telephony: Telephony; app: App; boss: PgBoss; log: Logger }): () => void {
  const purge = setInterval(() => {
    if (o.cluster.isLeader()) void purgeExpiredSessions(o.dataSource).catch(() => {});
  }, 60 * 60_000);
  purge.unref();
  o.cluster.onLeadership((leader) => {
    if (leader) {
      o.telephony.start();
      void o.app.consultations.restore().catch((e: Error) => o.log.warn({ err: e }, 'running consultations not restored'));
      void workConsultationJobs(o.boss, o.app.consultations, o.log.child({ module: 'jobs' })).catch((e: Error) => o.log.warn({ err: e }, 'jobs not worked'));
      return;
    }
    void o.telephony.stop();
    o.app.calls.live.reset();
    for (const queue of DIALLING_QUEUES) void o.boss.offWork(queue).catch(() => undefined);
  });
  o.cluster.start();
  return () => clearInterval(purge);
}

/** Something a node runs and can stop (the Telegram bot's long poll). */
export interface Duty {
  stop(): Promise<void>;
}

/**
 * A duty only one node of a cluster may run at a time, run by the AMI leader and handed over with the leadership:
 * the Telegram bot's long poll (a second poller's getUpdates ends the first one's with 409 Conflict, and grammY
 * stops polling on it). The old leader's duty is stopped before a new one starts, so a node that loses and regains
 * the lead never polls twice.
 */
export function whileLeading(cluster: Pick<Cluster, 'onLeadership'>, start: () => Duty): Duty {
  let running: Duty | null = null;
  let stopped = false;
  let turn = Promise.resolve();
  const follow = (leader: boolean) => {
    turn = turn.then(async () => {
      if (leader && !stopped) {
        running ??= start();
      } else if (running) {
        const duty = running;
        running = null;
        await duty.stop().catch(() => undefined);
      }
    });
  };
  cluster.onLeadership(follow);
  return {
    async stop() {
      stopped = true;
      follow(false);
      await turn;
    },
  };
}
