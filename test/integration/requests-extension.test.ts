import { describe, expect, it } from 'vitest';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */
const DAY = 86_400_000;

describe('requests: an executor asks for more time, a supervisor decides', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  const supervisor = await t.login({ role: 'supervisor' });
  const water = await t.login({ role: 'executor', executor: 'WATER', fullName: 'Водоканал, інженер' });
  let seq = 0;
  const json = async (res: Response): Promise<any> => res.json();

  /** A cold-water request, routed to the water utility. */
  async function waterRequest(): Promise<any> {
    seq++;
    const res = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: `Коваль Ірина ${seq}`, phone: `050 444 ${String(seq).padStart(4, '0')}` },
        topicCode: 'HS.11', description: `Немає холодної води ${seq}`, source: 'call' },
    });
    expect(res.status).toBe(201);
    return res.json();
  }
  const act = (id: number, cookie: string, body: Record<string, unknown>) =>
    t.fetch(`/api/requests/${id}/transitions`, { method: 'POST', cookie, json: body });
  const read = async (id: number) => json(await t.fetch(`/api/requests/${id}`, { cookie: supervisor.cookie }));

  /** A request in work with an executor's ask for `days` more. */
  async function asked(days = 7, reason = 'Чекаємо на запірну арматуру'): Promise<any> {
    const r = await waterRequest();
    await act(r.id, water.cookie, { action: 'start' });
    const res = await act(r.id, water.cookie, { action: 'extend', days, reason });
    expect(res.status).toBe(200);
    return res.json();
  }

  it('when an executor asks for an extension, then the status and due date stay, and the ask is shown pending', async () => {
    const r = await waterRequest();
    const after = await json(await act(r.id, water.cookie, { action: 'extend', days: 7, reason: 'Чекаємо на запірну арматуру' }));
    expect(after).toMatchObject({ status: 'assigned', dueAt: r.dueAt, extendedDays: 0 });
    expect(after.pendingExtension).toEqual({
      days: 7, reason: 'Чекаємо на запірну арматуру', requestedAt: expect.any(String), requestedBy: { id: water.user.id, fullName: 'Водоканал, інженер' },
    });
    const full = await read(r.id);
    expect(full.timeline.at(-1)).toMatchObject({ action: 'extension_requested', comment: 'Чекаємо на запірну арматуру', details: { days: 7 } });
    expect(full.timeline.map((e: any) => e.action)).not.toContain('applicant_notified');
  });

  it('when an executor asks again while one ask is pending, then 409 extension_pending', async () => {
    const r = await asked();
    const again = await act(r.id, water.cookie, { action: 'extend', days: 3, reason: 'ще' });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('extension_pending');
    expect((await read(r.id)).pendingExtension.days).toBe(7);
  });

  it('when a supervisor approves saying how the applicant was told, then the due date moves by the asked days, the notice is recorded and the ask is cleared', async () => {
    const r = await asked(7);
    const notice = { channel: 'email', at: new Date().toISOString() };
    const approved = await json(await act(r.id, supervisor.cookie, { action: 'approve_extension', version: r.version, notice }));
    expect(approved).toMatchObject({ status: 'in_progress', extendedDays: 7, pendingExtension: null });
    expect((Date.parse(approved.dueAt) - Date.parse(r.dueAt)) / DAY).toBe(7);
    const full = await read(r.id);
    expect(full.timeline.map((e: any) => e.action).slice(-2)).toEqual(['extension_approved', 'applicant_notified']);
    // Nothing is pending any more: a second approval is out of place.
    const twice = await act(r.id, supervisor.cookie, { action: 'approve_extension' });
    expect(twice.status).toBe(409);
    expect((await json(twice)).error.code).toBe('illegal_transition');
  });

  it('when a supervisor rejects, then the ask is cleared with the reason, the due date stays, and the executor may ask again', async () => {
    const r = await asked();
    const rejected = await json(await act(r.id, supervisor.cookie, { action: 'reject_extension', reason: 'Строк достатній' }));
    expect(rejected).toMatchObject({ pendingExtension: null, dueAt: r.dueAt, extendedDays: 0 });
    expect((await read(r.id)).timeline.at(-1)).toMatchObject({ action: 'extension_rejected', comment: 'Строк достатній' });
    expect((await act(r.id, water.cookie, { action: 'extend', days: 2, reason: 'Інша причина' })).status).toBe(200);
  });

  it('when an executor tries to approve or reject, then 403; when nothing is pending, then 409', async () => {
    const r = await asked();
    expect((await act(r.id, water.cookie, { action: 'approve_extension' })).status).toBe(403);
    expect((await act(r.id, water.cookie, { action: 'reject_extension', reason: 'сам собі' })).status).toBe(403);
    expect((await act(r.id, agent.cookie, { action: 'approve_extension' })).status).toBe(403);
    const none = await waterRequest();
    const res = await act(none.id, supervisor.cookie, { action: 'reject_extension', reason: 'нема чого' });
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('illegal_transition');
  });

  it('when the ask would take the term past 45 days from receipt, then 400 on days and nothing is pending', async () => {
    const r = await waterRequest();
    const tooLong = await act(r.id, water.cookie, { action: 'extend', days: 45, reason: 'дуже довго' });
    expect(tooLong.status).toBe(400);
    expect((await json(tooLong)).error.fields).toHaveProperty('days');
    expect((await read(r.id)).pendingExtension).toBeNull();
  });

  it('when the request is completed with an ask open, then the ask is dropped', async () => {
    const r = await asked();
    await act(r.id, water.cookie, { action: 'complete', result: 'resolved', answer: 'Воду подано' });
    expect((await read(r.id)).pendingExtension).toBeNull();
  });

  it('when a supervisor lists extensionPending=true, then only requests with an open ask are there', async () => {
    const pending = await asked();
    const plain = await waterRequest();
    const list = await json(await t.fetch('/api/requests?extensionPending=true&pageSize=200', { cookie: supervisor.cookie }));
    const ids = list.items.map((x: any) => x.id);
    expect(ids).toContain(pending.id);
    expect(ids).not.toContain(plain.id);
    expect(list.items.every((x: any) => x.pendingExtension !== null)).toBe(true);
    expect((await t.fetch('/api/requests?extensionPending=maybe', { cookie: supervisor.cookie })).status).toBe(400);
  });
});
