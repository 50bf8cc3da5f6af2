import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';

/** Opens a console socket with the given Origin header (none when undefined); resolves with the error, if any. */
function open(t: TestApp, cookie: string, origin?: string): Promise<string | undefined> {
  const headers: Record<string, string> = { cookie, ...(origin ? { origin } : {}) };
  const socket = connect(t.baseUrl, { transports: ['websocket'], extraHeaders: headers, reconnection: false });
  return new Promise((resolve) => {
    socket.on('connect', () => {
      socket.close();
      resolve(undefined);
    });
    socket.on('connect_error', (e) => {
      socket.close();
      resolve(e.message);
    });
  });
}

async function lastLoginIp(t: TestApp, username: string): Promise<string> {
  const [row] = await t.db.dataSource.query(
    `SELECT a.ip FROM audit_log a JOIN users u ON u.id = a.user_id WHERE u.username = $1 AND a.action = 'login' ORDER BY a.id DESC LIMIT 1`, [username]);
  return row.ip;
}

/** Issue 9, items 9, 11 and 15: what an operator configures (TRUST_PROXY, PUBLIC_ORIGIN, METRICS_TOKEN). */
describe('deployment settings: proxies, origins and metrics', async () => {
  const plain = await startTestApp();
  const configured = await startTestApp({ trustProxy: 'loopback', metricsToken: 'scrape-secret', publicOrigins: ['https://contact.example'] });

  it('when TRUST_PROXY is not set, then X-Forwarded-For is not believed (audit IP, login limiter); when set, it is', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.9' };
    const { user } = await plain.login({ role: 'agent' });
    await plain.fetch('/api/auth/login', { method: 'POST', headers: forwarded, json: { username: user.username, password: 'password123' } });
    expect(await lastLoginIp(plain, user.username)).not.toBe('203.0.113.9');
    const other = await configured.login({ role: 'agent' });
    await configured.fetch('/api/auth/login', { method: 'POST', headers: forwarded, json: { username: other.user.username, password: 'password123' } });
    expect(await lastLoginIp(configured, other.user.username)).toBe('203.0.113.9');
  });

  it('when METRICS_TOKEN is set, then /metrics answers only to its bearer; when unset, /metrics is not served', async () => {
    expect((await configured.fetch('/metrics')).status).toBe(401);
    expect((await configured.fetch('/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const scraped = await configured.fetch('/metrics', { headers: { authorization: 'Bearer scrape-secret' } });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toMatch(/hc_database_up 1/);
    // The pool as Prometheus sees it: what /api/health says, for alerts on saturation.
    expect(text).toMatch(/hc_db_pool_connections\{state="idle"\} \d+/);
    expect(text).toMatch(/hc_db_pool_waiting 0/);
    expect(text).toMatch(/hc_exports_running 0/);
    const off = await plain.fetch('/metrics');
    expect(off.status).toBe(404);
    expect((await body(off)).error.code).toBe('not_found');
  });

  it('when a socket comes from a foreign Origin with a valid cookie, then it is refused; the public origin is let in', async () => {
    const { cookie } = await configured.login({ role: 'agent' });
    expect(await open(configured, cookie, 'https://evil.example')).toBeDefined();
    expect(await open(configured, cookie, configured.baseUrl)).toBeDefined();
    expect(await open(configured, cookie, 'https://contact.example')).toBeUndefined();
    // Clients that are not browsers send no Origin; the cookie still decides.
    expect(await open(configured, cookie)).toBeUndefined();
  });

  it('when no public origin is configured, then only the origin the browser itself addressed (its Host) is let in', async () => {
    const { cookie } = await plain.login({ role: 'agent' });
    expect(await open(plain, cookie, 'https://evil.example')).toBeDefined();
    expect(await open(plain, cookie, `http://evil.example:${new URL(plain.baseUrl).port}`)).toBeDefined();
    expect(await open(plain, cookie, plain.baseUrl)).toBeUndefined();
  });
});
