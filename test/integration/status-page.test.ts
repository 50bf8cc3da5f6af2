import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */
describe('the public status page', async () => {
  const t = await startTestApp({ trustProxy: 'loopback', status: { limits: { perAddress: 8, perNumber: 4, windowSeconds: 3600 } } });
  const agent = await t.login({ role: 'agent' });
  const water = await t.login({ role: 'executor', executor: 'WATER' });
  let seq = 0;
  let address = 0;
  /** Each test speaks from its own address (X-Forwarded-For through the trusted loopback proxy). */
  const from = () => `198.51.100.${++address}`;

  async function doneRequest(over: { answer?: string; confidential?: boolean } = {}): Promise<any> {
    seq++;
    const digits = String(2000 + seq);
    const res = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: 'Гончаренко Світлана', phone: `063 111 ${digits}`, address: 'вул. Пушкіна, 3, кв. 45', confidential: over.confidential },
        topicCode: 'HS.11', description: 'Немає води у квартирі 45', source: 'call' },
    });
    expect(res.status).toBe(201);
    const r = await body(res);
    await t.fetch(`/api/requests/${r.id}/transitions`, { method: 'POST', cookie: water.cookie, json: { action: 'start' } });
    await t.fetch(`/api/requests/${r.id}/transitions`, { method: 'POST', cookie: water.cookie, json: { action: 'complete', result: 'resolved', answer: over.answer ?? 'Засувку замінено' } });
    return { ...r, digits };
  }
  const post = (path: string, ip: string, json: unknown) => t.fetch(path, { method: 'POST', json, headers: { 'x-forwarded-for': ip } });
  const form = (path: string, ip: string, fields: Record<string, string>) =>
    t.fetch(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'x-forwarded-for': ip, 'content-type': 'application/x-www-form-urlencoded' } });

  it('when the number and the last four digits match, then it shows the status, executor, deadline, answer and public steps, and nothing personal', async () => {
    const r = await doneRequest({ answer: 'Гончаренко Світлана, у квартирі 45 засувку замінено' });
    const res = await post('/api/status/lookup', from(), { number: r.number.replace(/-0+/, '-'), phone4: r.digits });
    expect(res.status).toBe(200);
    const view = await body(res);
    expect(view).toMatchObject({ number: r.number, status: 'done', executor: expect.stringContaining('Кривбасводоканал'), dueAt: r.dueAt });
    expect(view.timeline.map((e: any) => e.step)).toEqual(['registered', 'assign', 'start', 'complete']);
    const text = JSON.stringify(view);
    for (const secret of ['Гончаренко', 'Світлана', 'кв. 45', 'квартирі 45', 'Пушкіна', 'Немає води', r.digits, '+38063']) expect(text).not.toContain(secret);
    const [audit] = await t.db.dataSource.query(`SELECT detail, ip FROM audit_log WHERE entity = 'request' AND entity_id = $1 AND action = 'read'`, [String(r.id)]);
    expect(audit.detail).toEqual({ via: 'status_page' });
  });

  it('when the number or the phone is wrong, then the answer is the same, so neither can be told from the other', async () => {
    const r = await doneRequest();
    const ip = from();
    const wrongPhone = await post('/api/status/lookup', ip, { number: r.number, phone4: '0000' });
    const wrongNumber = await post('/api/status/lookup', ip, { number: '2026-999999', phone4: r.digits });
    expect(wrongPhone.status).toBe(404);
    expect(wrongNumber.status).toBe(404);
    expect(await wrongPhone.text()).toBe(await wrongNumber.text());
    const page = [await form('/status', ip, { number: r.number, phone4: '0000' }), await form('/status', ip, { number: '2026-999999', phone4: r.digits })];
    const html = await Promise.all(page.map((p) => p.text()));
    expect(page.map((p) => p.status)).toEqual([404, 404]);
    expect(html[0].split(r.number).join('N')).toBe(html[1].split('2026-999999').join('N'));
  });

  it('when one address guesses, then it is refused with 429 after its allowance, right digits included', async () => {
    const r = await doneRequest();
    const ip = from();
    for (let i = 0; i < 8; i++) expect((await post('/api/status/lookup', ip, { number: `2026-${900000 + i}`, phone4: '1234' })).status).toBe(404);
    const refused = await post('/api/status/lookup', ip, { number: r.number, phone4: r.digits });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect((await body(refused)).error.code).toBe('too_many_attempts');
    expect((await post('/api/status/lookup', from(), { number: r.number, phone4: r.digits })).status).toBe(200);
  });

  it('when one number is guessed at from many addresses, then it closes for everyone, and an unknown number behaves the same', async () => {
    const r = await doneRequest();
    for (const number of [r.number, '2026-888888']) {
      for (let i = 0; i < 4; i++) expect((await post('/api/status/lookup', from(), { number, phone4: String(1000 + i) })).status).toBe(404);
      expect((await post('/api/status/lookup', from(), { number, phone4: number === r.number ? r.digits : '1111' })).status).toBe(429);
    }
  });

  it('when the citizen says "not fixed", then the request goes back to the executor for rework with their words, and the executor sees it in their list', async () => {
    const r = await doneRequest();
    const ip = from();
    const res = await post('/api/status/verdict', ip, { number: r.number, phone4: r.digits, verdict: 'not_fixed', comment: 'Вода досі не йде' });
    expect(res.status).toBe(200);
    expect((await body(res)).status).toBe('returned');
    const full = await body(await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie }));
    expect(full).toMatchObject({ status: 'returned', reworkCount: 1, result: null });
    expect(full.timeline.at(-1)).toMatchObject({ action: 'return', comment: 'Вода досі не йде', actor: null });
    const list = await body(await t.fetch('/api/requests?status=returned', { cookie: water.cookie }));
    expect(list.items.map((i: any) => i.id)).toContain(r.id);
    const again = await post('/api/status/verdict', ip, { number: r.number, phone4: r.digits, verdict: 'confirm', satisfaction: 5 });
    expect(again.status).toBe(409);
  });

  it('when the citizen confirms, then the request closes with their satisfaction', async () => {
    const r = await doneRequest();
    const res = await form('/status/verdict', from(), { number: r.number, phone4: r.digits, verdict: 'confirm', satisfaction: '4' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Звернення закрито');
    expect(await body(await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie }))).toMatchObject({ status: 'closed', satisfaction: 4 });

    // Closed, the citizen may be anonymised: the addresses their notices went to go with the rest.
    await t.fetch(`/api/citizens/${r.citizen.id}/consents`, { method: 'PUT', cookie: agent.cookie, json: { channel: 'sms', consented: true } });
    const admin = await t.login({ role: 'admin' });
    const exported = await body(await t.fetch(`/api/admin/citizens/${r.citizen.id}/export`, { cookie: admin.cookie }));
    expect(exported.noticeConsents).toEqual([expect.objectContaining({ channel: 'sms', address: `+38063111${r.digits}`, consented: true, via: 'agent' })]);
    expect((await t.fetch(`/api/admin/citizens/${r.citizen.id}/export?format=pdf`, { cookie: admin.cookie })).status).toBe(200);
    const gone = await t.fetch(`/api/admin/citizens/${r.citizen.id}/anonymise`, { method: 'POST', cookie: admin.cookie, json: { reason: 'Заява громадянки' } });
    expect((await body(gone)).changed).toMatchObject({ phones: 1, notificationConsents: 1 });
    expect(await t.db.dataSource.query('SELECT * FROM notification_consents WHERE citizen_id = $1', [r.citizen.id])).toEqual([]);
  });

  it('when the input is bad, then a clear error naming the fields and nothing changes', async () => {
    const r = await doneRequest();
    const ip = from();
    const bad = await post('/api/status/verdict', ip, { number: r.number, phone4: '12', verdict: 'confirm', satisfaction: 9 });
    expect(bad.status).toBe(400);
    expect(Object.keys((await body(bad)).error.fields).sort()).toEqual(['phone4', 'satisfaction']);
    const noComment = await post('/api/status/verdict', ip, { number: r.number, phone4: r.digits, verdict: 'not_fixed', comment: ' ' });
    expect(noComment.status).toBe(400);
    expect((await post('/api/status/lookup', ip, { number: 'drop table', phone4: r.digits })).status).toBe(400);
    expect(await body(await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie }))).toMatchObject({ status: 'done', reworkCount: 0 });
  });

  it('when the page is opened, then it is its own HTML with no console script, and what it shows is escaped', async () => {
    const blank = await t.fetch('/status?number=2026-42');
    const html = await blank.text();
    expect(blank.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).not.toMatch(/<script|\/assets\//);
    expect(html).toContain('value="2026-42"');
    const r = await doneRequest({ answer: 'Готово <script>alert(1)</script> & "так"' });
    const shown = await (await form('/status', from(), { number: r.number, phone4: r.digits })).text();
    expect(shown).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;так&#34;');
    expect(shown).not.toContain('<script>');
    expect(shown).toContain('data-test="status-verdict"');
  });

  it('when the citizen asks for e-mail notices on the page, then the consent is recorded as given on the status page', async () => {
    const r = await doneRequest();
    const res = await form('/status/consent', from(), { number: r.number, phone4: r.digits, channel: 'email', consented: 'true', email: 'svitlana@example.test' });
    expect(res.status).toBe(200);
    const consents = await body(await t.fetch(`/api/citizens/${r.citizen.id}/consents`, { cookie: agent.cookie }));
    expect(consents.items).toEqual([expect.objectContaining({ channel: 'email', address: 'svitlana@example.test', consented: true, via: 'status_page', recordedBy: null })]);
    const sms = await post('/api/status/consent', from(), { number: r.number, phone4: r.digits, channel: 'sms', consented: true });
    expect(sms.status).toBe(204);
    const [row] = await t.db.dataSource.query(`SELECT address FROM notification_consents WHERE citizen_id = $1 AND channel = 'sms'`, [r.citizen.id]);
    expect(row.address).toBe(`+38063111${r.digits}`);
  });
});
