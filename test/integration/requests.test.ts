import { describe, expect, it } from 'vitest';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */
const DAY = 86_400_000;

describe('requests: the registration card, deadlines and intake flags', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent', fullName: 'Олена Коваль' });
  let phoneSeq = 1000;
  const nextPhone = () => `067 123 ${String(++phoneSeq).padStart(4, '0')}`;
  // Each card gets its own phone, address and text, so flags appear only where a test builds them.
  const body = (over: Record<string, unknown> = {}) => {
    const phone = nextPhone();
    return {
      citizen: { fullName: 'Петренко Іван Миколайович', phone, address: `вул. Шевченка, ${phoneSeq}, кв. 5` },
      topicCode: 'HS.06', description: `Протікає дах над під’їздом (${phoneSeq})`, source: 'call', district: 'SAK', ...over,
    };
  };
  const create = async (over: Record<string, unknown> = {}, cookie = agent.cookie) =>
    t.fetch('/api/requests', { method: 'POST', cookie, json: body(over) });
  const created = async (over: Record<string, unknown> = {}): Promise<any> => {
    const res = await create(over);
    expect(res.status).toBe(201);
    return res.json();
  };
  const hours = (a: string, b: string) => (Date.parse(a) - Date.parse(b)) / 3_600_000;

  it('when an agent registers a request, then it has a yearly number, the routed executor, a 30-day term and a timeline', async () => {
    const r = await created({ callId: 'no-such-call' });
    expect(r.number).toMatch(new RegExp(`^${new Date().getFullYear()}-\\d{6}$`));
    expect(r).toMatchObject({
      status: 'assigned', source: 'call', kind: 'application', subject: 'individual', topic: { code: 'HS.06' },
      citizen: { fullName: 'Петренко Іван Миколайович', phones: [expect.stringMatching(/^\+38067123\d{4}$/)], address: expect.stringMatching(/^вул. Шевченка, \d+, кв. 5$/) },
      executor: { name: expect.stringContaining('Саксаган') }, district: 'SAK', overdueDays: 0, reworkCount: 0, version: 1, flags: [],
    });
    expect(hours(r.dueAt, r.receivedAt)).toBe(30 * 24);
    const full: any = await (await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie })).json();
    expect(full.timeline.map((e: any) => [e.action, e.toStatus])).toEqual([['registered', 'registered'], ['assign', 'assigned']]);
    expect(full.timeline[0].actor).toMatchObject({ id: agent.user.id, fullName: 'Олена Коваль' });
  });

  it('when many requests are registered at once, then every number is unique and they follow each other', async () => {
    const all: any[] = await Promise.all(Array.from({ length: 12 }, () => create().then((r) => r.json())));
    const seq = all.map((r) => Number(r.number.slice(5))).sort((a, b) => a - b);
    expect(new Set(seq).size).toBe(12);
    expect(seq[11] - seq[0]).toBe(11);
  });

  it('when no extra study is needed, the topic is an emergency or a 15-day one, then the term follows Art. 20 and the topic', async () => {
    expect(hours((await created({ needsStudy: false })).dueAt, (await created({ needsStudy: false })).receivedAt)).toBeCloseTo(15 * 24, 0);
    const emergency = await created({ topicCode: 'HS.01' });
    expect(hours(emergency.dueAt, emergency.receivedAt)).toBe(24);
    const waste = await created({ topicCode: 'HS.09' });
    expect(hours(waste.dueAt, waste.receivedAt)).toBe(15 * 24);
  });

  it('when the term has passed, then overdueDays is computed from now, and the overdue filter finds it', async () => {
    const old = await created({ receivedAt: new Date(Date.now() - 33 * DAY - 3_600_000).toISOString() });
    expect(old.overdueDays).toBe(4);
    const list: any = await (await t.fetch('/api/requests?overdue=true&pageSize=200', { cookie: agent.cookie })).json();
    expect(list.items.map((r: any) => r.id)).toContain(old.id);
    expect(list.items.every((r: any) => r.overdueDays > 0)).toBe(true);
  });

  it('when the topic or executor is unknown, or the description is too long, then 400 names the field', async () => {
    const topic = await create({ topicCode: 'XX.99' });
    expect(topic.status).toBe(400);
    expect((await topic.json() as any).error.fields).toHaveProperty('topicCode');
    const executor = await create({ executorId: 999_999 });
    expect(executor.status).toBe(400);
    expect((await executor.json() as any).error.fields).toHaveProperty('executorId');
    const long = await create({ description: 'а'.repeat(4001) });
    expect(long.status).toBe(400);
    expect((await long.json() as any).error.fields).toHaveProperty('description');
    expect((await create({ description: 'а'.repeat(4000) })).status).toBe(201);
  });

  it('when the source is UKC 1545 without its number, a collective appeal has one signatory, or the phone is bad, then 400', async () => {
    const ukc = await create({ source: 'ukc1545' });
    expect((await ukc.json() as any).error.fields).toHaveProperty('externalNumber');
    const collective = await create({ subject: 'collective', signatories: 1 });
    expect((await collective.json() as any).error.fields).toHaveProperty('signatories');
    const phone = await create({ citizen: { fullName: 'Х', phone: '12' } });
    expect(phone.status).toBe(400);
    expect((await phone.json() as any).error.fields).toHaveProperty(['citizen.phone']);
  });

  it('when an appeal is anonymous, then it has no applicant; when collective, then it is flagged so', async () => {
    const anonymous = await created({ citizen: undefined, subject: 'anonymous', address: 'вул. Каховська, 3' });
    expect(anonymous.citizen).toBeNull();
    const collective = await created({ subject: 'collective', signatories: 27 });
    expect(collective).toMatchObject({ subject: 'collective', signatories: 27, flags: ['collective'] });
  });

  it('when SQL- or HTML-looking text is registered, then it is stored and returned verbatim', async () => {
    const evil = `<script>alert('x')</script>'); DROP TABLE requests; --`;
    const r = await created({ description: evil, citizen: { fullName: `O'Brien <b>`, phone: nextPhone() } });
    const back: any = await (await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie })).json();
    expect(back.description).toBe(evil);
    expect(back.citizen.fullName).toBe(`O'Brien <b>`);
  });

  it('when the same citizen calls again on the same topic, then check shows multiple, and the request stores the flag', async () => {
    const phone = nextPhone();
    const first = await created({ citizen: { fullName: 'Сидоренко Марія', phone } });
    const check: any = await (await t.fetch('/api/requests/check', { method: 'POST', cookie: agent.cookie, json: body({ citizen: { fullName: 'Сидоренко Марія', phone } }) })).json();
    expect(check.flags).toContainEqual({ flag: 'multiple', requestId: first.id, number: first.number });
    const second = await created({ citizen: { fullName: 'Сидоренко Марія', phone } });
    expect(second.flags).toContain('multiple');
    expect(second.citizen.id).toBe(first.citizen.id);
  });

  it('when an earlier request of the citizen on the topic was closed, then the new one is repeated', async () => {
    const phone = nextPhone();
    const first = await created({ citizen: { fullName: 'Бондар Олег', phone }, receivedAt: new Date(Date.now() - 60 * DAY).toISOString() });
    await t.db.dataSource.query(`UPDATE requests SET status = 'closed', closed_at = now() - interval '20 days' WHERE id = $1`, [first.id]);
    const check: any = await (await t.fetch('/api/requests/check', { method: 'POST', cookie: agent.cookie, json: body({ citizen: { fullName: 'Бондар Олег', phone } }) })).json();
    expect(check.flags).toEqual([{ flag: 'repeated', requestId: first.id, number: first.number }]);
  });

  it('when the same external number arrives twice, or the same text from another channel, then it is a duplicate', async () => {
    const ukc = await created({ source: 'ukc1545', externalNumber: 'UKC-2026-77001' });
    const twice = body({ source: 'ukc1545', externalNumber: 'UKC-2026-77001', description: 'інший текст' });
    const seen: any = await (await t.fetch('/api/requests/check', { method: 'POST', cookie: agent.cookie, json: twice })).json();
    expect(seen.flags).toContainEqual({ flag: 'duplicate', requestId: ukc.id, number: ukc.number });
    // A sender's number names one appeal: the second card is refused, naming the first.
    const again = await create(twice);
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error).toMatchObject({ code: 'external_number_taken', fields: { externalNumber: `already registered as ${ukc.number}` } });
    const hotline = await created({ source: 'regional_hotline', externalNumber: 'UKC-2026-77001' });
    expect(hotline.flags).toContain('duplicate');
    const phone = nextPhone();
    const web = await created({ source: 'web', citizen: { fullName: 'Ткаченко Ліна', phone }, description: 'Не вивозять сміття вже тиждень' });
    const check: any = await (await t.fetch('/api/requests/check', {
      method: 'POST', cookie: agent.cookie, json: body({ source: 'call', citizen: { fullName: 'Ткаченко Ліна', phone }, description: 'не вивозять сміття вже тиждень ' }),
    })).json();
    expect(check.flags).toContainEqual({ flag: 'duplicate', requestId: web.id, number: web.number });
    expect(ukc.flags).toEqual([]);
  });

  it('when five open requests about one address and topic arrive within 72 hours, then they are one mass incident', async () => {
    const address = 'просп. Металургів, 40';
    const group: any[] = [];
    for (let i = 0; i < 5; i++) group.push(await created({ topicCode: 'HS.01', address, description: `Немає води, квартира ${i}` }));
    expect(group[3].flags).not.toContain('mass');
    expect(group[4].flags).toContain('mass');
    expect(group[4].incidentId).toBe(group[0].id);
    const firstNow: any = await (await t.fetch(`/api/requests/${group[0].id}`, { cookie: agent.cookie })).json();
    expect(firstNow.flags).toContain('mass');
    const check: any = await (await t.fetch('/api/requests/check', { method: 'POST', cookie: agent.cookie, json: body({ topicCode: 'HS.01', address }) })).json();
    expect(check.flags).toContainEqual({ flag: 'mass', requestId: group[0].id, number: group[0].number });
  });

  it('when a request comes from a logged call, then the call is linked and wrapped up as a request', async () => {
    await t.db.dataSource.query(`INSERT INTO calls (id, caller_number, outcome) VALUES ('1767000000.42', '+380671110000', 'answered')`);
    const r = await created({ callId: '1767000000.42' });
    const [call] = await t.db.dataSource.query(`SELECT wrap_up_kind, (SELECT request_id FROM call_requests WHERE call_id = id) AS request_id FROM calls WHERE id = '1767000000.42'`);
    expect(call).toEqual({ wrap_up_kind: 'request', request_id: r.id });
  });

  it('when a role other than agent, supervisor or admin registers, then 403; without a session, 401', async () => {
    const executor = await t.login({ role: 'executor', executor: 'WATER' });
    expect((await create({}, executor.cookie)).status).toBe(403);
    const official = await t.login({ role: 'official' });
    expect((await create({}, official.cookie)).status).toBe(403);
    expect((await t.fetch('/api/requests', { method: 'POST', json: body() })).status).toBe(401);
    expect((await t.fetch('/api/requests/check', { method: 'POST', cookie: executor.cookie, json: body() })).status).toBe(403);
  });
});
