/** Exponential backoff: 1 s, 2 s, 4 s, ... capped at 30 s, with a little jitter so nodes do not stampede. */
export function backoffDelay(attempt: number, initialMs = 1000, maxMs = 30_000, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
  return Math.min(maxMs, Math.round(base * (0.9 + 0.2 * random())));
}
