import type { DemoLoad } from './demo-load';

export type Random = () => number;

/** A draw from [low, high], uniformly (ring and talk times). */
export const between = (random: Random, [low, high]: [number, number]): number => low + random() * (high - low);

/**
 * How long a simulated caller waits in the queue before hanging up, seconds: exponential with the given
 * mean. Studies of call-centre callers (Brown et al. 2005, "Statistical analysis of a telephone call
 * center") find patience close to exponential, with many short waits and a long tail; a mean of 60–120 s
 * is usual for a public hotline. A caller answered sooner than their patience never abandons.
 */
export function patienceSeconds(random: Random, meanSeconds: number): number {
  return -Math.log(1 - random()) * meanSeconds;
}

/** What one demo call will do: its ring before the simulator answers for the agent, its talk, its patience. */
export interface DemoCallScript {
  ringMs: number;
  talkMs: number;
  abandonAfterMs: number;
  hangupBy: 'caller' | 'agent';
}

export function demoCallScript(random: Random, load: Pick<DemoLoad, 'ringSeconds' | 'talkSeconds' | 'patienceSeconds'>): DemoCallScript {
  return {
    ringMs: Math.round(between(random, load.ringSeconds) * 1000),
    talkMs: Math.round(between(random, load.talkSeconds) * 1000),
    abandonAfterMs: Math.round(patienceSeconds(random, load.patienceSeconds) * 1000),
    hangupBy: random() < 0.7 ? 'caller' : 'agent',
  };
}
