import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { OutageSuspicionView } from '../../realtime/contract';
import { DEFAULT_THRESHOLD, findBursts } from './spike-groups';
import { spikeRepository as repo, toView } from './spike.repository';

export interface SpikeDetectorDeps {
  dataSource: DataSource;
  log: Logger;
  now?: () => Date;
  /** A new or grown suspicion: to the supervisors' live page and wallboard. */
  publish(view: OutageSuspicionView): void;
}

/** Any fixed number: the scans of every node take the same transaction lock, so one scans at a time. */
const SCAN_LOCK = 0x5e1ce;

/**
 * The spike detector: from the call log, bursts of calls about one thing from one street that may be an outage
 * nobody declared. A scan runs in one transaction holding an advisory lock, so nodes scanning at once take turns
 * and the second finds the first's suspicion; the unique open suspicion per street and topic group makes it an update.
 */
export function createSpikeDetector(deps: SpikeDetectorDeps) {
  const { dataSource } = deps;
  const now = deps.now ?? (() => new Date());

  async function scan(): Promise<OutageSuspicionView[]> {
    return dataSource.transaction(async (m) => {
      // One scan at a time across nodes: a second one waits, then reads what the first wrote (an update, not news),
      // and still sees calls classified after the first began.
      await m.query('SELECT pg_advisory_xact_lock($1)', [SCAN_LOCK]);
      const thresholds = await repo.thresholds(m);
      const at = now();
      const longest = Math.max(DEFAULT_THRESHOLD.minutes, ...[...thresholds.values()].map((t) => t.minutes));
      const calls = await repo.recentCalls(m, new Date(at.getTime() - longest * 60_000), at);
      const bursts = findBursts(calls, (group) => thresholds.get(group) ?? DEFAULT_THRESHOLD, at.getTime());
      const news: OutageSuspicionView[] = [];
      for (const burst of bursts) {
        const { row, news: isNews } = await repo.upsert(m, burst);
        if (isNews) news.push(toView(row));
      }
      return news;
    }).then((news) => {
      for (const view of news) deps.publish(view);
      return news;
    });
  }

  let timer: NodeJS.Timeout | null = null;
  return {
    scan,
    /** A call was just classified: scan shortly (calls classified together make one scan). */
    soon(delayMs = 1_000): void {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        scan().catch((e: Error) => deps.log.warn({ err: e }, 'outage spike scan failed'));
      }, delayMs);
      timer.unref?.();
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
export type SpikeDetector = ReturnType<typeof createSpikeDetector>;
