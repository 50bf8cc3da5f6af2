import { describe, expect, it } from 'vitest';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */
const DAY = 86_400_000;

describe('requests: the lifecycle, the executor portal and the confirmation loop', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  const supervisor = await t.login({ role: 'supervisor' });
  const water = await t.login({ role: 'executor', executor: 'WATER', fullName: 'Водоканал, диспетчер' });
  const heat = await t.login({ role: 'executor', executor: 'HEAT' });
  let seq = 0;
  const json = async (res: Response): Promise<any> => res.json();

  /** A cold-water request, routed to the water utility. */
  async function waterRequest(over: Record<string, unknown> = {}): Promise<any> {
    seq++;
    const res = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: `Мельник Андрій ${seq}`, phone: `050 555 ${String(seq).padStart(4, '0')}`, address: `вул. Лермонтова, ${seq}` },
        topicCode: 'HS.11', description: `Тече труба у підвалі ${seq}`, source: 'call', ...over },
    });
    expect(res.status).toBe(201);
    return res.json();
  }
  const act = (id: number, cookie: string, json: Record<string, unknown>) =>
    t.fetch(`/api/requests/${id}/transitions`, { method: 'POST', cookie, json });

  it('when a request goes the whole way, then every step is a timeline event and it ends closed with the satisfaction', async () => {
    const r = await waterRequest();
    expect(r).toMatchObject({ status: 'assigned', executor: { code: 'WATER' } });
    expect((await json(await act(r.id, water.cookie, { action: 'start' }))).status).toBe('in_progress');
    const done = await json(await act(r.id, water.cookie, { action: 'complete', result: 'resolved', answer: 'Трубу замінено' }));
    expect(done).toMatchObject({ status: 'done', result: 'resolved', answer: 'Трубу замінено' });
    const closed = await json(await act(r.id, agent.cookie, { action: 'confirm', satisfaction: 5 }));
    expect(closed).toMatchObject({ status: 'closed', satisfaction: 5, closedAt: expect.any(String) });
    const full = await json(await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie }));
    expect(full.timeline.map((e: any) => `${e.action}:${e.fromStatus ?? ''}>${e.toStatus}`)).toEqual([
      'registered:>registered', 'assign:registered>assigned', 'start:assigned>in_progress', 'complete:in_progress>done', 'confirm:done>closed',
    ]);
    expect(full.timeline[3]).toMatchObject({ actor: { id: water.user.id }, comment: 'Трубу замінено' });
  });

  it('when the citizen does not confirm, then it returns for rework with a new term and the rework counted', async () => {
    const r = await waterRequest({ receivedAt: new Date(Date.now() - 40 * DAY).toISOString() });
    expect(r.overdueDays).toBeGreaterThan(0);
    await act(r.id, water.cookie, { action: 'start' });
    await act(r.id, water.cookie, { action: 'complete', result: 'resolved', answer: 'Готово' });
    const back = await json(await act(r.id, agent.cookie, { action: 'return', reason: 'Вода досі тече' }));
    expect(back).toMatchObject({ status: 'returned', reworkCount: 1, result: null, overdueDays: 0 });
    expect(Date.parse(back.dueAt)).toBeGreaterThan(Date.now());
    expect((await json(await act(r.id, water.cookie, { action: 'start' }))).status).toBe('in_progress');
  });

  it('when an action does not fit the status, then 409 illegal_transition and nothing changes', async () => {
    const r = await waterRequest();
    const early = await act(r.id, agent.cookie, { action: 'confirm', satisfaction: 4 });
    expect(early.status).toBe(409);
    expect((await json(early)).error.code).toBe('illegal_transition');
    expect((await act(r.id, water.cookie, { action: 'complete', result: 'resolved', answer: 'x' })).status).toBe(409);
    await act(r.id, agent.cookie, { action: 'cancel', reason: 'Заявник відкликав' });
    expect((await act(r.id, water.cookie, { action: 'start' })).status).toBe(409);
    const after = await json(await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie }));
    expect(after.status).toBe('cancelled');
    expect(after.timeline.at(-1).action).toBe('cancel');
  });

  it('when a role may not do an action, then 403: agents do not start work, executors do not confirm', async () => {
    const r = await waterRequest();
    expect((await act(r.id, agent.cookie, { action: 'start' })).status).toBe(403);
    await act(r.id, water.cookie, { action: 'start' });
    await act(r.id, water.cookie, { action: 'complete', result: 'explained', answer: 'Роз’яснено' });
    expect((await act(r.id, water.cookie, { action: 'confirm', satisfaction: 5 })).status).toBe(403);
    const official = await t.login({ role: 'official' });
    expect((await act(r.id, official.cookie, { action: 'comment', text: 'x' })).status).toBe(403);
    expect((await t.fetch(`/api/requests/${r.id}/transitions`, { method: 'POST', json: { action: 'start' } })).status).toBe(401);
  });

  it('when two users change the same request at once, then one wins, the other gets 409, and nothing is lost', async () => {
    const r = await waterRequest();
    const [a, b] = await Promise.all([
      act(r.id, agent.cookie, { action: 'assign', executorId: r.executor.id, version: r.version }),
      act(r.id, supervisor.cookie, { action: 'cancel', reason: 'Дубль', version: r.version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = await json(a.status === 409 ? a : b);
    expect(loser.error.code).toBe('version_conflict');
    const after = await json(await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie }));
    expect(after.version).toBe(r.version + 1);
    expect(after.timeline).toHaveLength(3);
    // Without a version, the lock still serialises them: the second start meets in_progress.
    const r2 = await waterRequest();
    const starts = await Promise.all([act(r2.id, water.cookie, { action: 'start' }), act(r2.id, water.cookie, { action: 'start' })]);
    expect(starts.map((s) => s.status).sort()).toEqual([200, 409]);
    // Comments never conflict: both are kept.
    await Promise.all([act(r2.id, agent.cookie, { action: 'comment', text: 'перший' }), act(r2.id, water.cookie, { action: 'comment', comment: 'другий' })]);
    const withComments = await json(await t.fetch(`/api/requests/${r2.id}`, { cookie: agent.cookie }));
    expect(withComments.timeline.filter((e: any) => e.action === 'comment').map((e: any) => e.comment).sort()).toEqual(['другий', 'перший']);
  });

  it('when a supervisor extends the term saying the applicant was phoned, then the due date moves at once, the notice is recorded, and 45 days in total is the cap', async () => {
    const r = await waterRequest({ topicCode: 'HS.06', district: 'SAK', needsStudy: true });
    const notice = { channel: 'phone', at: new Date().toISOString() };
    const extended = await json(await act(r.id, supervisor.cookie, { action: 'extend', days: 10, reason: 'Потрібне обстеження покрівлі', notice }));
    expect((Date.parse(extended.dueAt) - Date.parse(r.dueAt)) / DAY).toBe(10);
    expect(extended.extendedDays).toBe(10);
    const full = await json(await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie }));
    expect(full.timeline.map((e: any) => e.action).slice(-2)).toEqual(['extend', 'applicant_notified']);
    const tooLong = await act(r.id, supervisor.cookie, { action: 'extend', days: 6, reason: 'ще' });
    expect(tooLong.status).toBe(400);
    expect((await json(tooLong)).error.fields).toHaveProperty('days');
    expect((await json(await act(r.id, supervisor.cookie, { action: 'extend', days: 5, reason: 'останнє' }))).extendedDays).toBe(15);
  });

  it("when an executor asks for another organisation's request, then 404, in the list too", async () => {
    const r = await waterRequest();
    expect((await t.fetch(`/api/requests/${r.id}`, { cookie: heat.cookie })).status).toBe(404);
    expect((await act(r.id, heat.cookie, { action: 'start' })).status).toBe(404);
    const heatList = await json(await t.fetch('/api/requests?pageSize=200', { cookie: heat.cookie }));
    expect(heatList.items.map((x: any) => x.id)).not.toContain(r.id);
    const waterList = await json(await t.fetch(`/api/requests?q=${r.number}`, { cookie: water.cookie }));
    expect(waterList.items.map((x: any) => x.id)).toEqual([r.id]);
    expect((await t.fetch(`/api/citizens?phone=0505550001`, { cookie: water.cookie })).status).toBe(403);
  });

  it("when an executor reads a request, then they see the applicant's name and phone but not their other data, and nothing when confidential", async () => {
    const open = await json(await t.fetch(`/api/requests/${(await waterRequest()).id}`, { cookie: water.cookie }));
    expect(open.citizen).toMatchObject({ id: null, fullName: expect.stringMatching(/^Мельник/), phones: [expect.any(String)], address: null });
    const secret = await waterRequest({ citizen: { fullName: 'Таємна Особа', phone: '050 999 0001', confidential: true } });
    const seen = await json(await t.fetch(`/api/requests/${secret.id}`, { cookie: water.cookie }));
    expect(seen.citizen).toMatchObject({ fullName: null, phones: [], confidential: true });
    expect(JSON.stringify(seen)).not.toContain('Таємна');
    const staff = await json(await t.fetch(`/api/requests/${secret.id}`, { cookie: agent.cookie }));
    expect(staff.citizen.fullName).toBe('Таємна Особа');
  });

  it('when requests are done, then the callback list is oldest first and an unreachable citizen moves behind the others', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await waterRequest();
      await act(r.id, water.cookie, { action: 'start' });
      await act(r.id, water.cookie, { action: 'complete', result: 'resolved', answer: `Виконано ${i}` });
      ids.push(r.id);
    }
    const listIds = async () => (await json(await t.fetch('/api/requests?status=done&pageSize=200', { cookie: agent.cookie }))).items.map((x: any) => x.id).filter((id: number) => ids.includes(id));
    expect(await listIds()).toEqual(ids);
    const tried = await json(await t.fetch(`/api/requests/${ids[0]}/callback-attempts`, { method: 'POST', cookie: agent.cookie, json: { outcome: 'unreachable', note: 'не відповідає' } }));
    expect(tried).toMatchObject({ status: 'done', callbackAttempts: 1, lastCallbackAt: expect.any(String) });
    expect(await listIds()).toEqual([ids[1], ids[2], ids[0]]);
    const full = await json(await t.fetch(`/api/requests/${ids[0]}`, { cookie: agent.cookie }));
    expect(full.timeline.at(-1)).toMatchObject({ action: 'callback_attempt', comment: 'не відповідає' });
    const notDone = await waterRequest();
    expect((await t.fetch(`/api/requests/${notDone.id}/callback-attempts`, { method: 'POST', cookie: agent.cookie, json: { outcome: 'unreachable' } })).status).toBe(409);
    expect((await t.fetch(`/api/requests/${ids[1]}/callback-attempts`, { method: 'POST', cookie: water.cookie, json: { outcome: 'unreachable' } })).status).toBe(403);
  });

  it('when an unknown executor is assigned or a transition body is wrong, then 400 names the field', async () => {
    const r = await waterRequest();
    const bad = await act(r.id, agent.cookie, { action: 'assign', executorId: 987_654 });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.fields).toHaveProperty('executorId');
    const satisfaction = await act(r.id, agent.cookie, { action: 'confirm', satisfaction: 9 });
    expect((await json(satisfaction)).error.fields).toHaveProperty('satisfaction');
    expect((await act(r.id, agent.cookie, { action: 'fly' })).status).toBe(400);
    expect((await t.fetch('/api/requests/99999999/transitions', { method: 'POST', cookie: agent.cookie, json: { action: 'start' } })).status).toBe(404);
  });
});
