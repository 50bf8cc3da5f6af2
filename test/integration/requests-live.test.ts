import { io as connect, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { RequestChange } from '../../server/realtime/contract';
import { body, startTestApp } from '../setup/app';

function open(baseUrl: string, cookie: string): Promise<Socket> {
  const socket = connect(baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

/** Collects `request:changed` messages; `next(id)` waits for the next one about that request. */
function listen(socket: Socket) {
  const seen: RequestChange[] = [];
  socket.on('request:changed', (c: RequestChange) => seen.push(c));
  return {
    seen,
    next: (id: number) =>
      new Promise<RequestChange>((resolve) => {
        const onChange = (c: RequestChange) => {
          if (c.id !== id) return;
          socket.off('request:changed', onChange);
          resolve(c);
        };
        socket.on('request:changed', onChange);
      }),
  };
}

describe('requests: live updates over Socket.IO', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  const supervisor = await t.login({ role: 'supervisor' });
  const water = await t.login({ role: 'executor', executor: 'WATER' });
  const heat = await t.login({ role: 'executor', executor: 'HEAT' });
  let seq = 0;

  async function confidentialWaterRequest(): Promise<{ id: number; version: number }> {
    seq++;
    const res = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: `Таємна Особа ${seq}`, phone: `050 555 ${String(seq).padStart(4, '0')}`, confidential: true },
        topicCode: 'HS.11', description: `Немає води ${seq}`, source: 'call' },
    });
    expect(res.status).toBe(201);
    return body(res);
  }

  it('when a request is registered, then its executor organisation and staff hear of it, other executors do not, and no personal data travels', async () => {
    const [waterSocket, heatSocket, staffSocket] = await Promise.all([open(t.baseUrl, water.cookie), open(t.baseUrl, heat.cookie), open(t.baseUrl, supervisor.cookie)]);
    const heatHeard = listen(heatSocket);
    const waterHeard = listen(waterSocket);
    const staffHeard = listen(staffSocket);
    const created = confidentialWaterRequest();
    const id = (await created).id;
    const [toWater, toStaff] = await Promise.all([waterHeard.next(id), staffHeard.next(id)]);
    expect(toWater).toEqual({ id, version: expect.any(Number), status: 'assigned', executorId: expect.any(Number), updatedAt: expect.any(String), lastEventId: expect.any(Number), created: true });
    expect(toStaff.id).toBe(id);
    expect(JSON.stringify({ ...toWater, updatedAt: '' })).not.toMatch(/Таємна|050|555/); // a timestamp may hold the digits
    expect(heatHeard.seen).toEqual([]);
    for (const s of [waterSocket, heatSocket, staffSocket]) s.close();
  });

  it('when a supervisor approves an extension, then the executor who has the request open hears of it with the new version', async () => {
    const r = await confidentialWaterRequest();
    await t.fetch(`/api/requests/${r.id}/transitions`, { method: 'POST', cookie: water.cookie, json: { action: 'extend', days: 5, reason: 'Чекаємо труби' } });
    const socket = await open(t.baseUrl, water.cookie);
    expect(await socket.emitWithAck('request:watch', { id: r.id })).toEqual({ ok: true });
    const heard = listen(socket).next(r.id);
    const approve = await t.fetch(`/api/requests/${r.id}/transitions`, { method: 'POST', cookie: supervisor.cookie, json: { action: 'approve_extension' } });
    const after = await body(approve);
    expect(await heard).toMatchObject({ id: r.id, version: after.version });
    socket.close();
  });

  it('when an executor of another organisation asks to watch a request, then it is refused as not found', async () => {
    const r = await confidentialWaterRequest();
    const socket = await open(t.baseUrl, heat.cookie);
    expect(await socket.emitWithAck('request:watch', { id: r.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await socket.emitWithAck('request:watch', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    socket.close();
  });

  it('when a request is reassigned to another executor, then the organisation it left hears of it too', async () => {
    const r = await confidentialWaterRequest();
    const executors: { id: number; code: string }[] = await body(await t.fetch('/api/executors', { cookie: supervisor.cookie }));
    const heatId = executors.find((e) => e.code === 'HEAT')!.id;
    const socket = await open(t.baseUrl, water.cookie);
    const heard = listen(socket).next(r.id);
    const res = await t.fetch(`/api/requests/${r.id}/transitions`, { method: 'POST', cookie: supervisor.cookie, json: { action: 'assign', executorId: heatId } });
    expect(res.status).toBe(200);
    expect(await heard).toMatchObject({ id: r.id, executorId: heatId });
    socket.close();
  });

  it('when someone comments on an open request, then its watchers hear of it (a new last event, the same version); an organisation it was taken from no longer does', async () => {
    const r = await confidentialWaterRequest();
    const mine = await confidentialWaterRequest();
    const socket = await open(t.baseUrl, water.cookie);
    for (const id of [r.id, mine.id]) expect(await socket.emitWithAck('request:watch', { id })).toEqual({ ok: true });
    const heard = listen(socket);
    const comment = (id: number, text: string) => t.fetch(`/api/requests/${id}/transitions`, { method: 'POST', cookie: supervisor.cookie, json: { action: 'comment', comment: text } });
    const first = heard.next(r.id);
    const before = await body(await t.fetch(`/api/requests/${r.id}`, { cookie: supervisor.cookie }));
    expect((await comment(r.id, 'Зателефонуйте заявниці після 18:00')).status).toBe(200);
    const change = await first;
    expect(change).toMatchObject({ id: r.id, version: before.version, lastEventId: expect.any(Number) });
    expect(change.lastEventId).toBeGreaterThan(Math.max(...before.timeline.map((e: { id: number }) => e.id)));

    const executors: { id: number; code: string }[] = await body(await t.fetch('/api/executors', { cookie: supervisor.cookie }));
    const moved = heard.next(r.id);
    await t.fetch(`/api/requests/${r.id}/transitions`, { method: 'POST', cookie: supervisor.cookie, json: { action: 'assign', executorId: executors.find((e) => e.code === 'HEAT')!.id } });
    await moved;
    // Socket.IO keeps order: once the comment on their own request arrives, the one before it would have too.
    const own = heard.next(mine.id);
    await comment(r.id, 'Вже не ваша заявка');
    await comment(mine.id, 'А ця ваша');
    await own;
    expect(heard.seen.map((c) => c.id)).toEqual([r.id, r.id, mine.id]);
    socket.close();
  });
});

