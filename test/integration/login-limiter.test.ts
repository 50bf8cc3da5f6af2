import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../server/auth/login-limiter';
import { body, startTestApp } from '../setup/app';

/** Issue 9, item 12: ten wrong passwords from anywhere used to lock any account (the admin's too) for 15 minutes. */
describe('login limiter: by account and source, with backoff, kept in PostgreSQL, unlocked by an admin', async () => {
  const limits = { perAccount: 3, perSource: 5, baseMs: 60_000, maxMs: 600_000 };
  // The test client is on loopback; X-Forwarded-For stands for the address of each source.
  const t = await startTestApp({ trustProxy: 'loopback', loginLimits: limits });
  const admin = await t.login({ role: 'admin', username: 'chief' });
  const login = (username: string, password: string, source: string) =>
    t.fetch('/api/auth/login', { method: 'POST', headers: { 'x-forwarded-for': source }, json: { username, password } });
  const guess = async (username: string, source: string, times: number) => {
    for (let i = 0; i < times; i++) expect((await login(username, 'wrong-password', source)).status).toBe(401);
  };
  const age = (seconds: number) => t.db.dataSource.query(`UPDATE login_failures SET last_failed_at = last_failed_at - make_interval(secs => $1)`, [seconds]);

  it('when one address guesses the admin password, then it waits, and the admin still logs in from elsewhere', async () => {
    await guess('chief', '198.51.100.7', 3);
    const refused = await login('chief', 'password123', '198.51.100.7');
    expect(refused.status).toBe(429);
    expect((await body(refused)).error.code).toBe('too_many_attempts');
    expect((await login('chief', 'password123', '192.0.2.10')).status).toBe(200);
  });

  it('when the guessing goes on after each wait, then each wait is twice the one before', async () => {
    await t.login({ role: 'agent', username: 'taras' });
    await guess('taras', '198.51.100.8', 3);
    expect(Number((await login('taras', 'x', '198.51.100.8')).headers.get('retry-after'))).toBe(60);
    await age(61);
    await guess('taras', '198.51.100.8', 1);
    const second = Number((await login('taras', 'x', '198.51.100.8')).headers.get('retry-after'));
    expect(second).toBeGreaterThan(60);
    expect(second).toBeLessThanOrEqual(120);
  });

  it('when the server restarts, then the waits are still there (they live in PostgreSQL)', async () => {
    await guess('maria', '198.51.100.9', 3);
    const afterRestart = new LoginLimiter(t.db.dataSource, limits);
    expect(await afterRestart.retryAfter('Maria', '198.51.100.9')).toBeGreaterThan(0);
    expect(await afterRestart.retryAfter('maria', '198.51.100.10')).toBe(0);
  });

  it('when one address tries many accounts, then it waits for all of them, and only it', async () => {
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) await guess(name, '203.0.113.50', 1);
    expect((await login('a6', 'x', '203.0.113.50')).status).toBe(429);
    expect((await login('a6', 'x', '203.0.113.51')).status).toBe(401);
  });

  it('when an admin unlocks a user, then every source may try again at once; others may not unlock', async () => {
    const { user } = await t.login({ role: 'agent', username: 'oksana' });
    const agent = await t.login({ role: 'agent' });
    await guess('oksana', '198.51.100.20', 3);
    expect((await login('oksana', 'password123', '198.51.100.20')).status).toBe(429);
    const unlock = (id: number | string, cookie: string) => t.fetch(`/api/users/${id}/unlock`, { method: 'POST', cookie });
    expect((await unlock(user.id, agent.cookie)).status).toBe(403);
    const res = await unlock(user.id, admin.cookie);
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({ userId: user.id, unlocked: 1 });
    expect((await login('oksana', 'password123', '198.51.100.20')).status).toBe(200);
    expect((await unlock(2_000_000_000, admin.cookie)).status).toBe(404);
    expect((await unlock('2147483648', admin.cookie)).status).toBe(400);
    const [audit] = await t.db.dataSource.query(`SELECT action, entity_id AS "entityId" FROM audit_log WHERE action = 'unlock'`);
    expect(audit).toEqual({ action: 'unlock', entityId: String(user.id) });
  });

  it('when a user waits after wrong passwords, then the users list says until when and from how many places; unlocked, it says nothing', async () => {
    const { user } = await t.login({ role: 'agent', username: 'marta' });
    await guess('marta', '198.51.100.30', 3);
    await guess('marta', '198.51.100.31', 2);
    const listed = async () => (await body(await t.fetch('/api/users?q=marta', { cookie: admin.cookie }))).items[0];
    const locked = await listed();
    expect(locked.lock).toEqual({ sources: 1, until: expect.any(String) });
    expect(Date.parse(locked.lock.until) - Date.now()).toBeGreaterThan(30_000);
    expect((await body(await t.fetch(`/api/users/${user.id}`, { cookie: admin.cookie }))).lock).toEqual(locked.lock);
    await t.fetch(`/api/users/${user.id}/unlock`, { method: 'POST', cookie: admin.cookie });
    expect((await listed()).lock).toBeNull();
  });
});

