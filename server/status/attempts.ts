import type { Sql } from '../citizens/citizens.repository';

export interface StatusLimits {
  /** Lookups (right or wrong) one address may make per window. */
  perAddress: number;
  /** Wrong answers one request number may get per window, from anywhere. */
  perNumber: number;
  windowSeconds: number;
}
export const DEFAULT_STATUS_LIMITS: StatusLimits = { perAddress: 30, perNumber: 10, windowSeconds: 3600 };

/**
 * The status page's guard against guessing, in PostgreSQL so that every node counts the same attempts. An
 * address is counted on every lookup; a number only on wrong ones, so a citizen checking their request does
 * not use up its allowance, while a number being guessed at closes for everyone — right and wrong digits then
 * get the same 429, so the lock tells nothing either.
 */
export function createStatusAttempts(limits: StatusLimits) {
  const count = async (sql: Sql, key: string): Promise<number> => {
    const [row] = await sql.query(`SELECT count(*)::int AS n FROM status_page_attempts WHERE key = $1 AND at > now() - make_interval(secs => $2)`, [key, limits.windowSeconds]);
    return row.n;
  };
  return {
    limits,
    /** Seconds to wait when this address or number is over its allowance; null when it may try. */
    async refused(sql: Sql, ip: string, number: string): Promise<number | null> {
      const [byAddress, byNumber] = [await count(sql, `ip:${ip}`), await count(sql, `number:${number}`)];
      return byAddress >= limits.perAddress || byNumber >= limits.perNumber ? limits.windowSeconds : null;
    },
    async lookedUp(sql: Sql, ip: string): Promise<void> {
      await sql.query('INSERT INTO status_page_attempts (key) VALUES ($1)', [`ip:${ip}`]);
      // Old attempts are cleared as new ones come: the table holds about one window.
      if (Math.random() < 0.01) await sql.query(`DELETE FROM status_page_attempts WHERE at < now() - make_interval(secs => $1)`, [limits.windowSeconds * 2]);
    },
    async wrong(sql: Sql, number: string): Promise<void> {
      await sql.query('INSERT INTO status_page_attempts (key) VALUES ($1)', [`number:${number}`]);
    },
  };
}
export type StatusAttempts = ReturnType<typeof createStatusAttempts>;
