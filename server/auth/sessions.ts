import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuthUser } from './auth.types';

export const SESSION_COOKIE = 'hc_session';
const TTL_MS = 12 * 60 * 60 * 1000; // one working shift and then some

/**
 * Server-side sessions in PostgreSQL. The cookie holds a random token and its HMAC; the table holds only the
 * token's SHA-256, so neither a leaked table nor a forged cookie opens a session.
 */
export class SessionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secret: string,
  ) {}

  async create(userId: number, meta: { ip?: string; userAgent?: string }): Promise<{ cookie: string; maxAgeMs: number }> {
    const token = randomBytes(32).toString('base64url');
    await this.dataSource.query(
      `INSERT INTO sessions (id, user_id, expires_at, ip, user_agent) VALUES ($1, $2, now() + $3 * interval '1 millisecond', $4, $5)`,
      [digest(token), userId, TTL_MS, meta.ip ?? null, meta.userAgent?.slice(0, 300) ?? null],
    );
    return { cookie: `${token}.${this.sign(token)}`, maxAgeMs: TTL_MS };
  }

  /** The user behind a cookie value, or null when it is forged, expired or logged out. */
  async resolve(cookie: string | undefined): Promise<{ sessionId: string; user: AuthUser } | null> {
    const token = this.verify(cookie);
    if (!token) return null;
    const sessionId = digest(token);
    const rows: AuthUser[] = await this.dataSource.query(
      `SELECT u.id, u.username, u.full_name AS "fullName", u.role, u.interface, u.phone, u.executor_id AS "executorId"
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.expires_at > now() AND u.active`,
      [sessionId],
    );
    return rows[0] ? { sessionId, user: rows[0] } : null;
  }

  /** Which of these sessions are still live (not expired, not logged out, their user still active). */
  async stillValid(sessionIds: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ANY($1) AND s.expires_at > now() AND u.active`,
      [sessionIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  async destroy(sessionId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
  }

  private sign(token: string): string {
    return createHmac('sha256', this.secret).update(token).digest('base64url');
  }

  private verify(cookie: string | undefined): string | null {
    const [token, mac] = (cookie ?? '').split('.');
    if (!token || !mac) return null;
    const expected = Buffer.from(this.sign(token));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? token : null;
  }
}

/** Expired sessions are refused at lookup anyway; deleting them only keeps the table small. */
export async function purgeExpiredSessions(dataSource: DataSource): Promise<void> {
  await dataSource.query('DELETE FROM sessions WHERE expires_at < now()');
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Reads one cookie from a Cookie header (Express and Socket.IO handshakes alike). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
