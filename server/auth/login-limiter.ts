/**
 * Counts failed logins per username and per address in a sliding window. Ten failures for a name, or thirty
 * from one address, lock further attempts until the window has passed: enough for a typo, not for guessing.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits = { perUser: 10, perIp: 30, windowMs: 15 * 60_000 },
    private readonly now = () => Date.now(),
  ) {}

  /** Seconds to wait before the next attempt, or 0 when it may go ahead. */
  retryAfter(username: string, ip: string): number {
    const u = this.recent(`u:${username.toLowerCase()}`);
    const i = this.recent(`ip:${ip}`);
    const blocked = (u.length >= this.limits.perUser ? u : []).concat(i.length >= this.limits.perIp ? i : []);
    if (!blocked.length) return 0;
    return Math.ceil((Math.min(...blocked) + this.limits.windowMs - this.now()) / 1000);
  }

  fail(username: string, ip: string): void {
    for (const key of [`u:${username.toLowerCase()}`, `ip:${ip}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeed(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }
}
