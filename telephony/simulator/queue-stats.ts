import type { SimQueue } from './model';
import { appQueuePercent } from '../app-queue-math';

/**
 * A queue's counters exactly as app_queue keeps them (apps/app_queue.c, Asterisk 22):
 * - `recalc_holdtime` at the answer: the first sample (no call completed or abandoned yet) is taken as is,
 *   later ones as the integer exponential average `(3 * old + new) >> 2`;
 * - `update_queue` when the agent's part ends (hangup or transfer): Completed, in service level when the
 *   hold at the answer was ≤ the threshold, TalkTime averaged the same way from the first completed call;
 * - `record_abandoned`: Abandoned, in service level when the caller left within the threshold;
 * - QueueStatus: ServicelevelPerf = completed in SL / completed, ServicelevelPerf2 = (completed in SL +
 *   abandoned in SL) / (completed + abandoned), both in % printed `%2.1f`, 0 when there is nothing yet.
 */
export function recordAnswer(q: SimQueue, holdSeconds: number): boolean {
  q.holdtime = q.completed + q.abandoned === 0 ? holdSeconds : (q.holdtime * 3 + holdSeconds) >> 2;
  return holdSeconds <= q.serviceLevelSeconds;
}

export function recordCompleted(q: SimQueue, inServiceLevel: boolean, talkSeconds: number): void {
  q.completed += 1;
  if (inServiceLevel) q.completedInSl += 1;
  q.talktime = q.completed === 1 ? talkSeconds : (q.talktime * 3 + talkSeconds) >> 2;
}

export function recordAbandoned(q: SimQueue, holdSeconds: number): void {
  if (holdSeconds <= q.serviceLevelSeconds) q.abandonedInSl += 1;
  q.abandoned += 1;
}

export function serviceLevels(q: SimQueue): { perf: string; perf2: string } {
  const perf = appQueuePercent(q.completedInSl, q.completed);
  const perf2 = appQueuePercent(q.completedInSl + q.abandonedInSl, q.completed + q.abandoned);
  return { perf: perf.toFixed(1), perf2: perf2.toFixed(1) };
}
