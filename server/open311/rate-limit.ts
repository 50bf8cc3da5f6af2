import type { Sql } from '../citizens/citizens.repository';

export interface RateVerdict {
  allowed: boolean;
  /** Seconds until the window that refused this one ends. */
  retryAfterSeconds: number;
}

const MINUTE = 60_000;

/**
 * A fixed one-minute window per bucket (a key, or an address that gave none), counted in PostgreSQL so that
 * every node shares it. The count is one atomic upsert: a thousand requests at once get exactly `limit` yeses.
 * The clock is passed in (tests hold it still; the window is the clock's minute, not the database's).
 */
export function createRateLimiter(sql: Sql, now: () => Date = () => new Date()) {
  return {
    async hit(bucket: string, limit: number): Promise<RateVerdict> {
      const at = now().getTime();
      const windowStart = new Date(at - (at % MINUTE));
      const [{ hits }] = await sql.query(
        `INSERT INTO api_rate_windows (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = api_rate_windows.hits + 1 RETURNING hits`,
        [bucket, windowStart],
      );
      // The first hit of a new minute sweeps the windows that are over, for every bucket: the table stays one minute long.
      if (hits === 1) await sql.query('DELETE FROM api_rate_windows WHERE window_start < $1', [windowStart]);
      return { allowed: hits <= limit, retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + MINUTE - at) / 1000)) };
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
