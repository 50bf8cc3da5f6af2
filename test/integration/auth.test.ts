import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';

describe('auth and the HTTP baseline', async () => {
  const t = await startTestApp({ loginLimits: { perAccount: 3, perSource: 100, baseMs: 60_000 } });

  it('when a user logs in, then /me answers with the API.md user and the cookie is httpOnly and SameSite', async () => {
    const { cookie, user } = await t.login({ role: 'agent', username: 'olena', fullName: 'Олена Коваль', interface: 'PJSIP/1001' });
    const me = await t.fetch('/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect((await body(me)).user).toMatchObject({ id: user.id, username: 'olena', fullName: 'Олена Коваль', role: 'agent', interface: 'PJSIP/1001', phone: null });
    const res = await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'OLENA', password: 'password123' } });
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Lax/);
  });

  it('when the password is wrong, then 401 invalid_credentials, and repeated failures get 429 with Retry-After', async () => {
    await t.login({ role: 'agent', username: 'petro' });
    const attempt = () => t.fetch('/api/auth/login', { method: 'POST', json: { username: 'petro', password: 'wrong-password' } });
    const first = await attempt();
    expect(first.status).toBe(401);
    expect(await body(first)).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
    await attempt();
    await attempt();
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password waits: the limiter does not tell a guesser when they are right.
    expect((await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'petro', password: 'password123' } })).status).toBe(429);
  });

  it('when a user does not exist, then the answer is the same 401 as for a wrong password', async () => {
    const res = await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'nobody', password: 'x' } });
    expect(res.status).toBe(401);
    expect((await body(res)).error.code).toBe('invalid_credentials');
  });

  it('when the body is malformed JSON, too large, or misses a field, then 400 / 413 / 400 with fields', async () => {
    const malformed = await t.fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(malformed.status).toBe(400);
    expect((await body(malformed)).error.code).toBe('malformed_json');
    const big = await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'a', password: 'x'.repeat(200_000) } });
    expect(big.status).toBe(413);
    const missing = await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'a' } });
    expect(missing.status).toBe(400);
    expect((await body(missing)).error.fields).toHaveProperty('password');
  });

  it('when not logged in, then reference data answers 401; when logged out, the cookie stops working', async () => {
    expect((await t.fetch('/api/topics')).status).toBe(401);
    const { cookie } = await t.login({ role: 'supervisor' });
    expect((await t.fetch('/api/topics', { cookie })).status).toBe(200);
    expect((await t.fetch('/api/auth/logout', { method: 'POST', cookie })).status).toBe(204);
    expect((await t.fetch('/api/auth/me', { cookie })).status).toBe(401);
  });

  it('when a cookie is forged, then it is not a session', async () => {
    const { cookie } = await t.login({ role: 'admin' });
    const [name, value] = cookie.split('=');
    const forged = `${name}=${value.split('.')[0]}.AAAA`;
    expect((await t.fetch('/api/auth/me', { cookie: forged })).status).toBe(401);
  });

  it('when a role may not use a route, then 403; the audit log is for admins', async () => {
    const agent = await t.login({ role: 'agent' });
    const admin = await t.login({ role: 'admin' });
    expect((await t.fetch('/api/audit', { cookie: agent.cookie })).status).toBe(403);
    const log = await t.fetch('/api/audit?entity=user', { cookie: admin.cookie });
    expect(log.status).toBe(200);
    expect((await body(log)).items.some((e: { action: string }) => e.action === 'login')).toBe(true);
  });

  it('when reference data is asked, then topics and executors have their stable codes', async () => {
    const { cookie } = await t.login({ role: 'agent' });
    const topics = await (await t.fetch('/api/topics', { cookie })).json();
    expect(topics).toContainEqual(expect.objectContaining({ code: 'HS.01', name: 'Відсутність холодного водопостачання', group: 'Надання послуг мешканцям будинків' }));
    const executors = await (await t.fetch('/api/executors', { cookie })).json();
    expect(executors).toContainEqual(expect.objectContaining({ code: 'WATER', kind: 'utility', id: expect.any(Number), name: expect.any(String) }));
  });

  it('when an unknown API route or a server error happens, then the error shape has no stack', async () => {
    const res = await t.fetch('/api/nope');
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(JSON.parse(body).error.code).toBe('not_found');
    expect(body).not.toMatch(/at .*\.ts/);
  });

  it('when health is asked, then it reports the database and AMI, and sends security headers', async () => {
    const res = await t.fetch('/api/health');
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ status: 'degraded', db: { up: true }, ami: { state: 'disconnected' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
