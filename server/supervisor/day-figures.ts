import { appQueuePercent } from '../../telephony';
import type { AsteriskFigures, QueueToday } from '../realtime/contract';
import type { DayCall } from './live.repository';

const mean = (values: number[]) => (values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null);

/**
 * Callers who hang up this soon most likely dialled by mistake or heard the menu and left: no agent could have
 * answered them, so they are neither a hit nor a miss (the industry's "short abandon").
 */
export const SHORT_ABANDON_SECONDS = 5;

const shortAbandon = (c: DayCall) => c.outcome === 'abandoned' && c.holdSeconds !== null && c.holdSeconds <= SHORT_ABANDON_SECONDS;

/**
 * Our one service level: answered within the queue's threshold, of the callers who got an outcome (answered,
 * abandoned, timed out) except the short abandons; a caller who gave up after waiting is a miss.
 */
export function ourFigures(calls: DayCall[], serviceLevelSeconds: number): QueueToday {
  const answered = calls.filter((c) => c.answeredAt !== null);
  const abandoned = calls.filter((c) => c.outcome === 'abandoned').length;
  const shortAbandoned = calls.filter(shortAbandon).length;
  const unanswered = calls.filter((c) => c.outcome === 'unanswered').length;
  const within = answered.filter((c) => c.holdSeconds !== null && c.holdSeconds <= serviceLevelSeconds).length;
  const finished = answered.length + abandoned - shortAbandoned + unanswered;
  const waits = calls.filter((c) => c.outcome !== 'in_progress' && c.holdSeconds !== null).map((c) => c.holdSeconds!);
  const talks = answered.filter((c) => c.completedAt !== null && c.talkSeconds !== null).map((c) => c.talkSeconds!);
  return {
    offered: calls.length,
    answered: answered.length,
    abandoned,
    unanswered,
    shortAbandoned,
    shortAbandonSeconds: SHORT_ABANDON_SECONDS,
    answeredWithinServiceLevel: within,
    serviceLevelSeconds,
    serviceLevel: finished > 0 ? within / finished : null,
    averageWaitSeconds: mean(waits),
    averageTalkSeconds: mean(talks),
  };
}

type Step = { at: number; kind: 'answer' | 'complete' | 'abandon'; call: DayCall };

/**
 * The same calls counted as app_queue counts them (apps/app_queue.c): Completed when the agent's part ends,
 * in SL when the hold at the answer was ≤ the PBX's threshold; Abandoned, in SL when the caller left within
 * it; ServicelevelPerf = completed in SL / completed (abandoned calls are not misses); ServicelevelPerf2 adds
 * abandoned-in-SL to both sides; Holdtime and TalkTime are its integer exponential averages, replayed in order.
 */
export function asteriskFigures(calls: DayCall[], serviceLevelSeconds: number): AsteriskFigures {
  const steps: Step[] = [];
  for (const call of calls) {
    if (call.answeredAt !== null) steps.push({ at: call.answeredAt, kind: 'answer', call });
    if (call.answeredAt !== null && call.completedAt !== null) steps.push({ at: call.completedAt, kind: 'complete', call });
    if (call.outcome === 'abandoned' && call.holdSeconds !== null) steps.push({ at: call.endedAt ?? call.queuedAt + call.holdSeconds * 1000, kind: 'abandon', call });
  }
  steps.sort((a, b) => a.at - b.at);
  const f = { completed: 0, completedInSl: 0, abandoned: 0, abandonedInSl: 0, holdtime: 0, talktime: 0 };
  const inSl = (c: DayCall) => (c.holdSeconds ?? Infinity) <= serviceLevelSeconds;
  for (const { kind, call } of steps) {
    if (kind === 'answer') {
      const hold = call.holdSeconds ?? 0;
      f.holdtime = f.completed + f.abandoned === 0 ? hold : (f.holdtime * 3 + hold) >> 2;
    } else if (kind === 'complete') {
      f.completed += 1;
      if (inSl(call)) f.completedInSl += 1;
      const talk = call.talkSeconds ?? 0;
      f.talktime = f.completed === 1 ? talk : (f.talktime * 3 + talk) >> 2;
    } else {
      f.abandoned += 1;
      if (inSl(call)) f.abandonedInSl += 1;
    }
  }
  const all = f.completed + f.abandoned;
  return {
    serviceLevelSeconds,
    completed: f.completed,
    abandoned: f.abandoned,
    serviceLevelPerf: appQueuePercent(f.completedInSl, f.completed),
    serviceLevelPerf2: appQueuePercent(f.completedInSl + f.abandonedInSl, all),
    holdtime: f.holdtime,
    talktime: f.talktime,
  };
}

/** Calls answered today and average handle time (talk + wrap-up) per agent. */
export function agentFigures(calls: DayCall[]): Map<number, { answered: number; averageHandleSeconds: number | null }> {
  const byAgent = new Map<number, { answered: number; handles: number[] }>();
  for (const c of calls) {
    if (c.answeredAt === null || c.agentUserId === null) continue;
    const a = byAgent.get(c.agentUserId) ?? { answered: 0, handles: [] };
    a.answered += 1;
    if (c.completedAt !== null && c.talkSeconds !== null) a.handles.push(c.talkSeconds + (c.wrapUpSeconds ?? 0));
    byAgent.set(c.agentUserId, a);
  }
  return new Map([...byAgent].map(([id, a]) => [id, { answered: a.answered, averageHandleSeconds: mean(a.handles) }]));
}
