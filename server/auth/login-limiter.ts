import type { DataSource } from 'typeorm';

export interface LoginLimits {
  /** Failures of one account from one source that are free; each one after that doubles the wait. */
  perAccount: number;
  /** Failures from one source over all accounts (guessing many names) before it waits too. */
  perSource: number;
  /** The first wait; then 2×, 4×, … */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 5, perSource: 30, baseMs: 1_000, maxMs: 15 * 60_000, windowMs: 15 * 60_000 };

/**
 * Slows password guessing by (account, source address) with exponential backoff, kept in PostgreSQL
 * (`login_failures`) so it survives restarts and holds across nodes. Keyed by the pair, wrong passwords from
 * anywhere else never lock the real user out (the admin included); a source guessing many accounts waits too.
 * An admin clears an account's failures (`unlock`).
 */
export class LoginLimiter {
  readonly limits: LoginLimits;

  constructor(
    private readonly dataSource: DataSource,
    limits: Partial<LoginLimits> = {},
    private readonly now = () => Date.now(),
  ) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  }

  /** Seconds to wait before the next attempt of this account from this source, or 0 when it may go ahead. */
  async retryAfter(username: string, source: string): Promise<number> {
    const since = new Date(this.now() - this.limits.windowMs);
    const [row] = await this.dataSource.query(
      `SELECT (SELECT failures FROM login_failures WHERE username = $1 AND source = $2 AND last_failed_at > $3) AS "account",
              (SELECT last_failed_at FROM login_failures WHERE username = $1 AND source = $2) AS "accountLast",
              (SELECT coalesce(sum(failures), 0)::int FROM login_failures WHERE source = $2 AND last_failed_at > $3) AS "source",
              (SELECT max(last_failed_at) FROM login_failures WHERE source = $2) AS "sourceLast"`,
      [key(username), source, since],
    );
    const wait = Math.max(
      this.waitAfter(row.account ?? 0, this.limits.perAccount, row.accountLast),
      this.waitAfter(row.source, this.limits.perSource, row.sourceLast),
    );
    return Math.ceil(wait / 1000);
  }

  async fail(username: string, source: string): Promise<void> {
    const now = new Date(this.now());
    const since = new Date(this.now() - this.limits.windowMs);
    await this.dataSource.query(
      `INSERT INTO login_failures AS f (username, source, failures, last_failed_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (username, source) DO UPDATE
         SET failures = CASE WHEN f.last_failed_at > $4 THEN f.failures + 1 ELSE 1 END, last_failed_at = $3`,
      [key(username), source, now, since],
    );
    // Forgotten failures go as new ones come: the table stays as small as the current guessing.
    await this.dataSource.query('DELETE FROM login_failures WHERE last_failed_at < $1', [new Date(this.now() - this.limits.windowMs - this.limits.maxMs)]);
  }

  async succeed(username: string, source: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_failures WHERE username = $1 AND source = $2', [key(username), source]);
  }

  /** Clears every failure of an account, from every source; returns how many sources were waiting. */
  async unlock(username: string): Promise<number> {
    const [, deleted] = await this.dataSource.query('DELETE FROM login_failures WHERE username = $1', [key(username)]);
    return deleted as number;
  }

  /**
   * The accounts among `usernames` that wait now: from how many sources and until when (the latest wait).
   * Keyed by the lower-cased username, as failures are.
   */
  async locks(usernames: string[]): Promise<Map<string, { sources: number; until: Date }>> {
    const since = new Date(this.now() - this.limits.windowMs);
    const rows: { username: string; failures: number; last: Date }[] = await this.dataSource.query(
      `SELECT username, failures, last_failed_at AS last FROM login_failures
        WHERE username = ANY($1) AND last_failed_at > $2 AND failures >= $3`,
      [usernames.map(key), since, this.limits.perAccount],
    );
    const out = new Map<string, { sources: number; until: Date }>();
    for (const r of rows) {
      const wait = this.waitAfter(r.failures, this.limits.perAccount, r.last);
      if (wait <= 0) continue;
      const until = new Date(this.now() + wait);
      const seen = out.get(r.username);
      out.set(r.username, { sources: (seen?.sources ?? 0) + 1, until: seen && seen.until > until ? seen.until : until });
    }
    return out;
  }

  private waitAfter(failures: number, free: number, last: Date | null): number {
    if (failures < free || !last) return 0;
    const wait = Math.min(this.limits.baseMs * 2 ** (failures - free), this.limits.maxMs);
    return Math.max(0, last.getTime() + wait - this.now());
  }
}

const key = (username: string) => username.trim().toLowerCase();
