import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/** A node not seen for this long is not counted alive. */
const ALIVE_FOR = '6 seconds';

/**
 * Each node writes its row in `cluster_nodes` every couple of seconds (whether it leads, too), so that any
 * node can say how many are alive; rows of nodes long gone are deleted by whoever beats next.
 */
export function createHeartbeat(o: { dataSource: DataSource; nodeId: string; isLeader(): boolean; log: Logger; everyMs?: number }) {
  let alive = 1;
  let timer: NodeJS.Timeout | undefined;

  async function beat(): Promise<void> {
    try {
      await o.dataSource.query(
        `INSERT INTO cluster_nodes (id, leader) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET seen_at = now(), leader = $2`,
        [o.nodeId, o.isLeader()],
      );
      const [row] = await o.dataSource.query(`SELECT count(*)::int AS n FROM cluster_nodes WHERE seen_at > now() - interval '${ALIVE_FOR}'`);
      alive = row.n;
      await o.dataSource.query(`DELETE FROM cluster_nodes WHERE seen_at < now() - interval '1 day'`);
    } catch (error) {
      o.log.debug({ err: error }, 'heartbeat not written');
    }
  }

  return {
    start(): void {
      void beat();
      timer = setInterval(() => void beat(), o.everyMs ?? 2000);
      timer.unref();
    },
    /** Nodes that beat lately, this one included (as of the last beat). */
    alive: () => alive,
    /** Now, not at the next beat: a change of leader shows in health at once. */
    beat,
    async stop(): Promise<void> {
      clearInterval(timer);
      await o.dataSource.query('DELETE FROM cluster_nodes WHERE id = $1', [o.nodeId]).catch(() => undefined);
    },
  };
}
