/** Exponential backoff: initial, ×2, ×4 … capped at `maxMs`, with a little jitter so nodes do not stampede. */
export function backoffDelay(attempt: number, initialMs = 1000, maxMs = 30_000, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
  return Math.min(maxMs, Math.round(base * (0.9 + 0.2 * random())));
}
