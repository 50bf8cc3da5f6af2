import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Issue 9, items 4–7: inputs that once reached PostgreSQL and came back as 500s, or were taken as data. */
describe('input hardening: control characters, ids, Unicode and dates are refused at the edge', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  const supervisor = await t.login({ role: 'supervisor', interface: 'PJSIP/1990' });
  const admin = await t.login({ role: 'admin' });
  const water = await t.login({ role: 'executor', executor: 'WATER' });
  let seq = 0;
  const newRequest = (over: Record<string, unknown> = {}) => ({
    citizen: { fullName: `Гнатюк Ольга ${++seq}`, phone: `050 777 ${String(seq).padStart(4, '0')}`, address: `вул. Лесі Українки, ${seq}, кв. 3` },
    topicCode: 'HS.11', description: `Немає холодної води ${seq}`, source: 'call', ...over,
  });
  const registered: any = await (await t.fetch('/api/requests', { method: 'POST', cookie: agent.cookie, json: newRequest() })).json();
  const count = async (table: string) => (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  async function expect400(res: Response, field?: string) {
    expect(res.status).toBe(400);
    const answer = await body(res);
    expect(answer.error.code).toBe('invalid_input');
    if (field) expect(Object.keys(answer.error.fields ?? {})).toContain(field);
  }
  const post = (path: string, cookie: string, json: unknown) => t.fetch(path, { method: 'POST', cookie, json });

  it('when a NUL reaches a query, a login, a body, a comment, an audit filter or a path parameter, then 400 and nothing is written', async () => {
    const requests = await count('requests');
    await expect400(await t.fetch('/api/requests?q=a%00b', { cookie: agent.cookie }), 'q');
    await expect400(await post('/api/auth/login', '', { username: 'adm\u0000in', password: 'x' }), 'username');
    await expect400(await post('/api/requests', agent.cookie, newRequest({ description: 'вода\u0000' })), 'description');
    await expect400(await post(`/api/requests/${registered.id}/transitions`, supervisor.cookie, { action: 'comment', text: 'a\u0000b' }), 'text');
    await expect400(await t.fetch('/api/audit?entityId=%00', { cookie: admin.cookie }), 'entityId');
    await expect400(await post('/api/calls/a%00b/wrap-up', agent.cookie, { kind: 'consultation', topicCode: 'HS.11' }), '_path');
    await expect400(await t.fetch('/api/routing/suggest?topic=HS%00', { cookie: agent.cookie }), 'topic');
    expect(await count('requests')).toBe(requests);
  });

  it('when another control character is in a one-line field, then 400; line breaks in a description are kept', async () => {
    await expect400(await post('/api/requests', agent.cookie, newRequest({ citizen: { fullName: 'Бел\u0007л', phone: '050 777 9999' } })), 'citizen.fullName');
    await expect400(await t.fetch('/api/requests?q=a%0Ab', { cookie: agent.cookie }), 'q');
    const multiLine = await post('/api/requests', agent.cookie, newRequest({ description: 'Перший рядок\nДругий\tрядок' }));
    expect(multiLine.status).toBe(201);
    expect((await body(multiLine)).description).toBe('Перший рядок\nДругий\tрядок');
  });

  it('when an id is beyond PostgreSQL integer anywhere (path, query, body), then 400 naming it, never 500', async () => {
    const big = 2_147_483_648;
    await expect400(await t.fetch(`/api/citizens/${big}/card`, { cookie: agent.cookie }), 'id');
    await expect400(await t.fetch(`/api/requests?executor=${big}`, { cookie: agent.cookie }), 'executor');
    await expect400(await post('/api/requests', agent.cookie, { ...newRequest(), citizen: undefined, citizenId: 3_000_000_000 }), 'citizenId');
    await expect400(await t.fetch('/api/routing/rules', { method: 'PUT', cookie: admin.cookie, json: { topicCode: 'HS.11', executorId: big } }), 'executorId');
    await expect400(await t.fetch(`/api/routing/rules/${big}`, { method: 'DELETE', cookie: admin.cookie }), 'id');
    await expect400(await t.fetch(`/api/audit?userId=${big}`, { cookie: admin.cookie }), 'userId');
    await expect400(await t.fetch('/api/audit?page=99999999999999999999', { cookie: admin.cookie }), 'page');
    await expect400(await post('/api/calls/originate', supervisor.cookie, { number: '0501234567', requestId: big }), 'requestId');
    await expect400(await post(`/api/agents/${big}/pause`, supervisor.cookie, { paused: false }), 'userId');
    await expect400(await post(`/api/requests/${registered.id}/transitions`, supervisor.cookie, { action: 'comment', text: 'x', version: 3_000_000_000 }), 'version');
    await expect400(await post(`/api/requests/${registered.id}/transitions`, supervisor.cookie, { action: 'assign', executorId: big }), 'executorId');
    await expect400(await t.fetch(`/api/requests/${big}`, { cookie: agent.cookie }), 'id');
    await expect400(await t.fetch('/api/requests/0', { cookie: agent.cookie }), 'id');
  });

  it('when a value holds a lone surrogate (login, a reason, a description), then 400, never 500', async () => {
    await expect400(await post('/api/auth/login', '', { username: '\ud800', password: 'x' }), 'username');
    await t.fetch(`/api/requests/${registered.id}/transitions`, { method: 'POST', cookie: water.cookie, json: { action: 'start' } });
    await expect400(await post(`/api/requests/${registered.id}/transitions`, water.cookie, { action: 'extend', days: 3, reason: 'чекаємо \udc00' }), 'reason');
    await expect400(await post('/api/requests', agent.cookie, newRequest({ description: '\ud83d опис' })), 'description');
    // A well-formed pair (an emoji) is ordinary text.
    expect((await post('/api/requests', agent.cookie, newRequest({ description: 'Немає води 💧' }))).status).toBe(201);
  });

  it('when a date is out of any sane range (year 1, year 9999, 30 February), then 400; a real recent date is taken', async () => {
    const requests = await count('requests');
    await expect400(await post('/api/requests', agent.cookie, newRequest({ receivedAt: '0001-01-01T00:00:00Z' })), 'receivedAt');
    await expect400(await post('/api/requests', agent.cookie, newRequest({ receivedAt: '1999-12-31T23:59:59Z' })), 'receivedAt');
    await expect400(await post('/api/requests', agent.cookie, newRequest({ receivedAt: '2026-02-30T10:00:00Z' })), 'receivedAt');
    expect(await count('requests')).toBe(requests);
    await expect400(await t.fetch('/api/requests?from=0001-01-01', { cookie: agent.cookie }), 'from');
    await expect400(await t.fetch('/api/requests?to=9999-12-31', { cookie: agent.cookie }), 'to');
    await expect400(await t.fetch('/api/requests?from=2026-02-30', { cookie: agent.cookie }), 'from');
    const recent = await post('/api/requests', agent.cookie, newRequest({ receivedAt: new Date(Date.now() - 86_400_000).toISOString() }));
    expect(recent.status).toBe(201);
  });
});
