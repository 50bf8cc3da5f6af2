import { VirtualClock } from './clock';
import { createCore } from './core';
import { seededRandom } from './generator';
import type { Fields } from './wire';

/**
 * A day of a queue played through the simulated PBX in virtual time: the queue engine routes callers exactly as
 * it does for the console (app_queue's rrmemory, its once-a-second recheck, members paused between half hours),
 * only without waiting for the wall clock. Staffing proves itself here: what it achieves, not what a formula says.
 */
export interface ReplaySlot {
  /** Start (ms since epoch) and length of the half hour. */
  startMs: number;
  durationMs: number;
  /** Mean calls arriving in it (Poisson). */
  expectedCalls: number;
  /** Members unpaused for it. */
  agents: number;
}

export interface ReplayPlan {
  slots: ReplaySlot[];
  /** Handle time of a call arriving in half hour `slot` (talk + wrap-up: the member is busy for all of it), ms. */
  drawHandleMs(random: () => number, slot: number): number;
  /** How long a caller waits before hanging up, ms. */
  drawPatienceMs(random: () => number): number;
  serviceLevelSeconds: number;
  /** Days played, each with its own random stream; figures are summed over them. */
  runs: number;
  seed: number;
  /** How long a member's phone rings before the agent picks up (default 0). */
  ringMs?: number;
}

export interface ReplayFigures {
  offered: number;
  answered: number;
  answeredWithin: number;
  abandoned: number;
  waitMsTotal: number;
}

const QUEUE = 'replay';
const UNIQUEID = 'Uniqueid';
const uniqueidOf = (fields: Fields) => String(fields.find(([key]) => key === UNIQUEID)?.[1] ?? '');

function exponentialMs(meanMs: number, random: () => number): number {
  return -Math.log(1 - random()) * meanMs;
}

function playOnce(plan: ReplayPlan, seed: number, figures: ReplayFigures[]): void {
  const random = seededRandom(seed);
  const start = plan.slots[0]?.startMs ?? 0;
  const clock = new VirtualClock(start);
  const most = Math.max(1, ...plan.slots.map((s) => s.agents));
  const joined = new Map<string, { at: number; slot: number }>();
  const core = createCore(clock, (name, _class, fields) => {
    if (name === 'QueueCallerJoin') return;
    const call = joined.get(uniqueidOf(fields));
    if (!call) return;
    if (name === 'AgentConnect') {
      const waited = clock.now() - call.at;
      const f = figures[call.slot];
      f.answered += 1;
      f.waitMsTotal += waited;
      if (waited <= plan.serviceLevelSeconds * 1000) f.answeredWithin += 1;
      joined.delete(uniqueidOf(fields));
    } else if (name === 'QueueCallerAbandon') {
      figures[call.slot].abandoned += 1;
      figures[call.slot].waitMsTotal += clock.now() - call.at;
      joined.delete(uniqueidOf(fields));
    }
  }, { queues: [{ name: QUEUE, members: Array.from({ length: most }, (_, i) => `PJSIP/${1001 + i}`), ringTimeoutMs: 15_000 }] });
  const queue = core.pbx.queues.get(QUEUE)!;
  plan.slots.forEach((slot, index) => {
    clock.after(slot.startMs - start, () => {
      // A member paused mid-call finishes it: the pause only stops new offers, as QueuePause does.
      queue.members.forEach((member, i) => {
        member.paused = i >= slot.agents;
      });
    });
    if (slot.expectedCalls <= 0) return;
    const meanGapMs = slot.durationMs / slot.expectedCalls;
    for (let at = exponentialMs(meanGapMs, random); at < slot.durationMs; at += exponentialMs(meanGapMs, random)) {
      const handleMs = plan.drawHandleMs(random, index);
      const patienceMs = plan.drawPatienceMs(random);
      clock.after(slot.startMs - start + at, () => {
        figures[index].offered += 1;
        const placed = core.queues.placeCall({
          from: `+38067${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
          queue: QUEUE,
          ringMs: plan.ringMs ?? 0,
          talkMs: Math.max(1000, Math.round(handleMs)),
          abandonAfterMs: Math.max(0, Math.round(patienceMs)),
          hangupBy: 'caller',
        });
        joined.set(placed.channelId, { at: clock.now(), slot: index });
      });
    }
  });
  const last = plan.slots.at(-1);
  // Callers of the last half hour are followed until they are answered or hang up.
  clock.runUntil((last ? last.startMs + last.durationMs : start) + 6 * 3_600_000);
}

/** Plays the day `plan.runs` times; per half hour, what callers got (by the half hour they called in). */
export function replayStaffing(plan: ReplayPlan): ReplayFigures[] {
  const figures = plan.slots.map(() => ({ offered: 0, answered: 0, answeredWithin: 0, abandoned: 0, waitMsTotal: 0 }));
  for (let run = 0; run < plan.runs; run++) playOnce(plan, plan.seed + run * 7919, figures);
  return figures;
}
