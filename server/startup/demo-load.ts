/**
 * The demo's load: how often the simulator rings and how long the simulated citizens talk (the simulator
 * answers for the agent, so the demo runs without anyone at the console). Tuned so that three agents have
 * an ordinary day: most callers answered within the service level, a few waiting at peaks.
 */
export interface DemoLoad {
  callsPerMinute: number;
  /** Talk time, uniformly spread between these two (seconds). */
  talkSeconds: [number, number];
  /** How long the agent's phone rings before the simulator answers for them (seconds). */
  ringSeconds: [number, number];
  /** The callers' mean patience in the queue (seconds, exponential: see demo-caller.ts). */
  patienceSeconds: number;
}

export const DEFAULT_DEMO_LOAD: DemoLoad = { callsPerMinute: 1.2, talkSeconds: [30, 120], ringSeconds: [3, 8], patienceSeconds: 90 };

/** `DEMO_TALK_SECONDS=30-120`: a range, or one number for a fixed talk time. */
export function parseSecondsRange(raw: string | undefined, fallback: [number, number]): [number, number] {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*$/.exec(raw ?? '');
  if (!m) return fallback;
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  return low <= high ? [low, high] : [high, low];
}

/**
 * Erlang C for `agents` servers: the chance a caller waits, and the share answered within `slSeconds`.
 * Used to check that the demo's defaults make a normal day, not an overloaded one.
 */
export function erlangC(load: DemoLoad, agents: number, slSeconds: number): { erlangs: number; waitProbability: number; serviceLevel: number } {
  const mean = (r: [number, number]) => (r[0] + r[1]) / 2;
  const handleSeconds = mean(load.talkSeconds) + mean(load.ringSeconds);
  const erlangs = (load.callsPerMinute / 60) * handleSeconds;
  if (erlangs >= agents) return { erlangs, waitProbability: 1, serviceLevel: 0 };
  let term = 1;
  let sum = 1;
  for (let k = 1; k < agents; k++) {
    term *= erlangs / k;
    sum += term;
  }
  const top = ((term * erlangs) / agents) * (agents / (agents - erlangs));
  const waitProbability = top / (sum + top);
  const serviceLevel = 1 - waitProbability * Math.exp((-(agents - erlangs) * slSeconds) / handleSeconds);
  return { erlangs, waitProbability, serviceLevel };
}
