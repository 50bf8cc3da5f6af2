import type { Core } from './core';

/** A small seeded PRNG (mulberry32) so demo and benchmark streams are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratorOptions {
  callsPerMinute: number;
  random: () => number;
  /** Share of callers who give up after a while (default 0.08). */
  abandonRate?: number;
  /** Share of agents who let a given call ring out (default 0.1). */
  noAnswerRate?: number;
  talkMs?: [number, number];
  ringMs?: [number, number];
  /** Share of answered calls whose AgentComplete Asterisk never sends (bursts; default 0.05) or sends late (0.1). */
  agentCompleteMissingRate?: number;
  agentCompleteLateRate?: number;
}

/** How this call's end is reported: as Asterisk does in bursts, sometimes late, sometimes not at all. */
export function agentCompleteStyle(random: () => number, missingRate = 0.05, lateRate = 0.1): 'before_hangup' | 'after_hangup' | 'omitted' {
  const r = random();
  return r < missingRate ? 'omitted' : r < missingRate + lateRate ? 'after_hangup' : 'before_hangup';
}

const between = (random: () => number, [min, max]: [number, number]) => Math.round(min + random() * (max - min));

/** Places calls at random (Poisson) intervals averaging `callsPerMinute`, with realistic outcomes. */
export function startGenerator(core: Core, options: GeneratorOptions): () => void {
  const { random } = options;
  const queues = [...core.pbx.queues.keys()];
  let stopped = false;
  let cancel: () => void = () => {};
  const next = () => {
    if (stopped || options.callsPerMinute <= 0) return;
    const meanMs = 60_000 / options.callsPerMinute;
    cancel = core.pbx.clock.after(-Math.log(1 - random()) * meanMs, () => {
      placeOne();
      next();
    });
  };
  const placeOne = () => {
    const queue = queues[Math.floor(random() * queues.length)];
    if (!queue) return;
    const from = `+38067${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
    const abandons = random() < (options.abandonRate ?? 0.08);
    core.queues.placeCall({
      from,
      queue,
      ringMs: between(random, options.ringMs ?? [2000, 8000]),
      talkMs: between(random, options.talkMs ?? [30_000, 240_000]),
      hangupBy: random() < 0.7 ? 'caller' : 'agent',
      ...(abandons ? { abandonAfterMs: between(random, [5000, 60_000]) } : {}),
      ringOutFirst: random() < (options.noAnswerRate ?? 0.1),
      agentComplete: agentCompleteStyle(random, options.agentCompleteMissingRate, options.agentCompleteLateRate),
    });
  };
  next();
  return () => {
    stopped = true;
    cancel();
  };
}
