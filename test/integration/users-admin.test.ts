import { io as connect, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';

function open(baseUrl: string, cookie: string): Promise<Socket> {
  const socket = connect(baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

describe('users administration', async () => {
  const t = await startTestApp();
  const admin = await t.login({ role: 'admin', username: 'chief' });
  const users = (path = '', init: Parameters<typeof t.fetch>[1] = {}) => t.fetch(`/api/users${path}`, { cookie: admin.cookie, ...init });
  const auditOf = async (id: number) => (await body(await t.fetch(`/api/audit?entity=user&entityId=${id}`, { cookie: admin.cookie }))).items;

  it('when an admin creates a user, then it is listed by the filters and the creation is audited', async () => {
    const res = await users('', { method: 'POST', json: { username: 'olena', role: 'agent', fullName: 'Олена Коваль', interface: 'PJSIP/1201', password: 'long-enough-1' } });
    expect(res.status).toBe(201);
    const created = await body(res);
    expect(created).toMatchObject({ username: 'olena', role: 'agent', interface: 'PJSIP/1201', active: true, executor: null });
    expect(created).not.toHaveProperty('passwordHash');
    const list = await body(await users('?role=agent&q=олена'));
    expect(list.items.map((u: { username: string }) => u.username)).toEqual(['olena']);
    expect((await body(await users('?role=admin'))).items.every((u: { role: string }) => u.role === 'admin')).toBe(true);
    expect(await auditOf(created.id)).toMatchObject([{ action: 'create', userId: admin.user.id }]);
  });

  it('when another role asks for users, then it is refused', async () => {
    const agent = await t.login({ role: 'supervisor' });
    expect((await t.fetch('/api/users', { cookie: agent.cookie })).status).toBe(403);
    expect((await t.fetch('/api/users')).status).toBe(401);
  });

  it('when an admin changes role, interface, phone and executor, then the user changes and each field is audited', async () => {
    const u = await body(await users('', { method: 'POST', json: { username: 'taras', role: 'agent', interface: 'PJSIP/1202', password: 'long-enough-1' } }));
    const res = await users(`/${u.id}`, { method: 'PATCH', json: { role: 'executor', executor: 'WATER', interface: null, phone: '067 123 45 67', fullName: 'Тарас' } });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ role: 'executor', executor: { code: 'WATER' }, interface: null, phone: '+380671234567', fullName: 'Тарас' });
    const [line] = await auditOf(u.id);
    expect(line).toMatchObject({ action: 'update', detail: { changes: { role: { from: 'agent', to: 'executor' }, interface: { from: 'PJSIP/1202', to: null } } } });
  });

  it('when a change is invalid, then it is a 400 naming the field or a 409 for a taken interface', async () => {
    const u = await body(await users('', { method: 'POST', json: { username: 'ivan', role: 'agent', password: 'long-enough-1' } }));
    expect(await body(await users(`/${u.id}`, { method: 'PATCH', json: { role: 'executor' } }))).toMatchObject({ error: { fields: { executor: expect.any(String) } } });
    expect((await users(`/${u.id}`, { method: 'PATCH', json: { password: 'x' } })).status).toBe(400);
    expect((await users(`/${u.id}`, { method: 'PATCH', json: { interface: 'PJSIP/1201' } })).status).toBe(409);
    expect((await users('/999999', { method: 'PATCH', json: { fullName: 'x' } })).status).toBe(404);
  });

  it('when a user is deactivated, then their session and socket close at once and they cannot log in', async () => {
    const agent = await t.login({ role: 'agent', username: 'leaving', interface: 'PJSIP/1203' });
    const socket = await open(t.baseUrl, agent.cookie);
    const closed = new Promise((resolve) => socket.on('disconnect', resolve));
    const res = await users(`/${agent.user.id}/deactivate`, { method: 'POST' });
    expect(await body(res)).toMatchObject({ active: false, interface: null });
    expect(await closed).toBe('io server disconnect');
    expect((await t.fetch('/api/auth/me', { cookie: agent.cookie })).status).toBe(401);
    const login = await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'leaving', password: 'password123' } });
    expect(login.status).toBe(401);
    expect((await auditOf(agent.user.id))[0]).toMatchObject({ action: 'deactivate' });
  });

  it('when a deactivated user is reactivated, then they log in again with their password, the desk stays free and it is audited', async () => {
    const agent = await t.login({ role: 'agent', username: 'returning', interface: 'PJSIP/1204' });
    await users(`/${agent.user.id}/deactivate`, { method: 'POST' });
    const res = await users(`/${agent.user.id}/reactivate`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ active: true, interface: null });
    const login = await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'returning', password: 'password123' } });
    expect(login.status).toBe(200);
    expect((await auditOf(agent.user.id)).map((a: { action: string }) => a.action)).toContain('reactivate');
    expect((await users(`/${agent.user.id}/reactivate`, { method: 'POST' })).status).toBe(409);
    expect((await users('/2000000000/reactivate', { method: 'POST' })).status).toBe(404);
    const supervisor = await t.login({ role: 'supervisor' });
    expect((await t.fetch(`/api/users/${agent.user.id}/reactivate`, { method: 'POST', cookie: supervisor.cookie })).status).toBe(403);
  });

  it('when the last admin would be demoted or deactivated, then it is refused; with a second admin it is allowed', async () => {
    const demote = await users(`/${admin.user.id}`, { method: 'PATCH', json: { role: 'agent' } });
    expect(demote.status).toBe(409);
    expect(await body(demote)).toMatchObject({ error: { code: 'last_admin' } });
    expect((await users(`/${admin.user.id}/deactivate`, { method: 'POST' })).status).toBe(409);
    const second = await body(await users('', { method: 'POST', json: { username: 'deputy', role: 'admin', password: 'long-enough-1' } }));
    expect((await users(`/${second.id}/deactivate`, { method: 'POST' })).status).toBe(200);
    expect((await users(`/${admin.user.id}`, { method: 'PATCH', json: { role: 'supervisor' } })).status).toBe(409);
  });

  it('when an admin resets a password, then the new one is shown once, works, the old sessions are closed, and it is not audited in clear', async () => {
    const agent = await t.login({ role: 'agent', username: 'forgetful' });
    const res = await users(`/${agent.user.id}/password`, { method: 'POST' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { password } = await body(res);
    expect(password).toMatch(/^[\w-]{16}$/);
    expect((await t.fetch('/api/auth/me', { cookie: agent.cookie })).status).toBe(401);
    expect((await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'forgetful', password } })).status).toBe(200);
    expect(JSON.stringify(await auditOf(agent.user.id))).not.toContain(password);
  });

  it('when nobody is signed in, then the session question answers 200 with no user', async () => {
    const res = await t.fetch('/api/auth/session');
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({ user: null });
    expect(await body(await t.fetch('/api/auth/session', { cookie: admin.cookie }))).toMatchObject({ user: { username: 'chief' } });
  });
});
