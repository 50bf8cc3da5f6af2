import { describe, expect, it } from 'vitest';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */

describe('requests: routing to executors', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  const admin = await t.login({ role: 'admin' });
  const json = async (res: Response): Promise<any> => res.json();
  const executors: any[] = await json(await t.fetch('/api/executors', { cookie: agent.cookie }));
  const byCode = (code: string) => executors.find((e) => e.code === code);
  const suggest = async (query: string) => json(await t.fetch(`/api/routing/suggest?${query}`, { cookie: agent.cookie }));

  it('when a topic has a district rule, then it wins over the city-wide one; otherwise the city-wide rule applies', async () => {
    expect((await suggest('topic=HS.06&district=TER')).executor).toMatchObject({ code: 'TER-EC', id: byCode('TER-EC').id, name: expect.any(String) });
    expect((await suggest('topic=HS.01&district=TER')).executor).toMatchObject({ code: 'WATER' });
    expect((await suggest('topic=HS.06')).executor).toBeNull();
    const unknown = await t.fetch('/api/routing/suggest?topic=NOPE', { cookie: agent.cookie });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error.fields).toHaveProperty('topic');
  });

  it('when the admin puts a district rule, then new requests there go to that executor; deleting it restores the city rule', async () => {
    const put = await t.fetch('/api/routing/rules', { method: 'PUT', cookie: admin.cookie, json: { topicCode: 'HS.01', district: 'ING', executorId: byCode('ING-EC').id } });
    expect(put.status).toBe(200);
    const rule = await json(put);
    expect(rule).toMatchObject({ topic: { code: 'HS.01' }, district: 'ING', executor: { code: 'ING-EC' } });
    const created = await json(await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: 'Кравець Ніна', phone: '0671234500' }, topicCode: 'HS.01', district: 'ING', source: 'call', description: 'Немає води' },
    }));
    expect(created.executor).toMatchObject({ code: 'ING-EC' });
    const again = await json(await t.fetch('/api/routing/rules', { method: 'PUT', cookie: admin.cookie, json: { topicCode: 'HS.01', district: 'ING', executorId: byCode('WATER').id } }));
    expect(again.id).toBe(rule.id);
    expect((await t.fetch(`/api/routing/rules/${rule.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(204);
    expect((await suggest('topic=HS.01&district=ING')).executor).toMatchObject({ code: 'WATER' });
    const list = await json(await t.fetch('/api/routing/rules?topic=HS.06', { cookie: admin.cookie }));
    expect(list.items).toHaveLength(7);
  });

  it('when the agent chooses the executor, then it overrides routing and the timeline says so', async () => {
    const created = await json(await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: 'Кравець Ніна', phone: '0671234501' }, topicCode: 'HS.01', source: 'call', description: 'Немає води', executorId: byCode('ROADS').id },
    }));
    expect(created).toMatchObject({ status: 'assigned', executor: { code: 'ROADS' } });
    const full = await json(await t.fetch(`/api/requests/${created.id}`, { cookie: agent.cookie }));
    expect(full.timeline[1]).toMatchObject({ action: 'assign', details: { by: 'agent', executorId: byCode('ROADS').id } });
  });

  it('when no rule routes the topic, then the request waits registered until an agent assigns it', async () => {
    const created = await json(await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: 'Кравець Ніна', phone: '0671234502' }, topicCode: 'HS.06', source: 'call', description: 'Дах' },
    }));
    expect(created).toMatchObject({ status: 'registered', executor: null });
    const assigned = await json(await t.fetch(`/api/requests/${created.id}/transitions`, { method: 'POST', cookie: agent.cookie, json: { action: 'assign', executorId: byCode('DOV-EC').id } }));
    expect(assigned).toMatchObject({ status: 'assigned', executor: { code: 'DOV-EC' } });
  });

  it('when a non-admin edits rules or bad codes are given, then 403 / 400 / 404', async () => {
    expect((await t.fetch('/api/routing/rules', { cookie: agent.cookie })).status).toBe(403);
    expect((await t.fetch('/api/routing/rules', { method: 'PUT', cookie: agent.cookie, json: {} })).status).toBe(403);
    expect((await t.fetch('/api/routing/rules')).status).toBe(401);
    const bad = await t.fetch('/api/routing/rules', { method: 'PUT', cookie: admin.cookie, json: { topicCode: 'HS.01', district: 'XXX', executorId: 1 } });
    expect((await json(bad)).error.fields).toHaveProperty('district');
    const noExecutor = await t.fetch('/api/routing/rules', { method: 'PUT', cookie: admin.cookie, json: { topicCode: 'HS.01', executorId: 99999 } });
    expect((await json(noExecutor)).error.fields).toHaveProperty('executorId');
    expect((await t.fetch('/api/routing/rules/999999', { method: 'DELETE', cookie: admin.cookie })).status).toBe(404);
    const executor = await t.login({ role: 'executor', executor: 'WATER' });
    expect((await t.fetch('/api/routing/suggest?topic=HS.01', { cookie: executor.cookie })).status).toBe(403);
  });
});
