import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import type { DropReason } from './channel-seal';

/**
 * Counts the cluster messages refused (metric `hc_cluster_messages_dropped_total{reason}`) and says so in the
 * log, at most once per reason every 10 s: someone flooding the channel must not flood the log as well.
 */
export function channelDrops(counter: Counter<'reason'>, log: Logger, quietMs = 10_000) {
  const pending = new Map<DropReason, { count: number; loggedAt: number }>();
  return (reason: DropReason, where: string): void => {
    counter.inc({ reason });
    const p = pending.get(reason) ?? { count: 0, loggedAt: 0 };
    p.count++;
    pending.set(reason, p);
    if (Date.now() - p.loggedAt < quietMs) return;
    log.warn({ reason, where, dropped: p.count }, 'cluster message dropped: not sealed by a node of this cluster, or replayed');
    p.count = 0;
    p.loggedAt = Date.now();
  };
}
