import { describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { child, parseXml, startOpen311App, textOf } from './open311-harness';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Issue 26, items 1–3: GeoReport v2 requests posted and followed, through the console's own request service. */
describe('Open311: posting a request and following it', async () => {
  const t = await startOpen311App();
  const key = await t.key('FixMyStreet Кривий Ріг');
  const agent = await t.login({ role: 'agent' });
  const roads = await t.login({ role: 'executor', executor: 'ROADS' });
  const sql = (q: string, args: unknown[] = []) => t.db.dataSource.query(q, args);
  const idOf = async (number: string) => (await sql('SELECT id FROM requests WHERE number = $1', [number]))[0].id as number;
  const lamp = (over: Record<string, string> = {}) => ({
    api_key: key, service_code: 'LS.02', lat: '47.9105', long: '33.3918', address_string: 'вул. Гетьманська, 41',
    description: 'Не світить ліхтар біля зупинки', 'attribute[lamp_state]': 'dark', ...over,
  });

  it('when an app lists the services, then it gets the public topics with their names, group, keywords and whether they ask for more', async () => {
    const services = await body(await t.get('services.json'));
    expect(services).toContainEqual({ service_code: 'LS.02', service_name: 'Вуличне освітлення', description: 'Вуличне освітлення', metadata: true, type: 'realtime', keywords: 'ліхтар, освітлення', group: 'Благоустрій' });
    expect(services.find((s: any) => s.service_code === 'HS.01')).toMatchObject({ metadata: false, group: 'Надання послуг мешканцям будинків' });
    // Social payments, land, health: a topic that says something about the person is never offered.
    expect(services.map((s: any) => s.service_code)).not.toContain('SP.02');
    expect(services.every((s: any) => /^(HS|LS|TC|EC)\./.test(s.service_code))).toBe(true);
    expect(await body(await t.get('services/HS.08.json'))).toEqual({
      service_code: 'HS.08', attributes: [{ variable: true, code: 'entrance', datatype: 'number', required: true, order: 1, description: 'Номер під\'їзду' }],
    });
  });

  it('when an app posts a request, then it answers our number and a token at once, and the request is registered, routed and timed as the console would', async () => {
    const res = await t.post('requests.json', lamp({ email: 'Yaryna@example.com', first_name: 'Ярина', last_name: 'Кравченко', media_url: 'https://example.com/lamp.jpg' }));
    expect(res.status).toBe(200);
    const [posted] = await body(res);
    expect(posted.service_request_id).toMatch(/^\d{4}-\d{6}$/);
    const seen = await body(await t.fetch(`/api/requests/${await idOf(posted.service_request_id)}`, { cookie: agent.cookie }));
    expect(seen).toMatchObject({
      number: posted.service_request_id, source: 'web', status: 'assigned', topic: { code: 'LS.02' },
      executor: { code: 'ROADS' }, citizen: { fullName: 'Ярина Кравченко' },
      description: 'Не світить ліхтар біля зупинки\nЩо з ліхтарем: Не світить\nФото: https://example.com/lamp.jpg',
    });
    expect(Date.parse(seen.dueAt) - Date.parse(seen.receivedAt)).toBe(15 * 86_400_000);
    expect(seen.timeline.map((e: any) => e.action)).toEqual(['registered', 'assign']);
    // The token resolves to the number, as the standard's clients poll it.
    expect(await body(await t.get(`tokens/${posted.token}.json`))).toEqual([{ service_request_id: posted.service_request_id, token: posted.token }]);
    // The executor has it in their list.
    const mine = await body(await t.fetch('/api/requests', { cookie: roads.cookie }));
    expect(mine.items.map((r: any) => r.number)).toContain(posted.service_request_id);
  });

  it('when a request is posted, then the audit log names the key that did it, and no user', async () => {
    const [posted] = await body(await t.post('requests.json', lamp({ phone: '067 000 1100' })));
    const lines = await sql(`SELECT user_id, action, entity, detail FROM audit_log WHERE detail->>'apiKey' = $1 ORDER BY id`, ['FixMyStreet Кривий Ріг']);
    const id = String(await idOf(posted.service_request_id));
    expect(lines).toContainEqual({ user_id: null, action: 'create', entity: 'request', detail: { via: 'open311', apiKey: 'FixMyStreet Кривий Ріг' } });
    const [created] = await sql(`SELECT entity_id FROM audit_log WHERE entity = 'request' AND action = 'create' ORDER BY id DESC LIMIT 1`);
    expect(created.entity_id).toBe(id);
    expect(lines.some((l: any) => l.entity === 'citizen' && l.action === 'create')).toBe(true);
  });

  it('when the phone is a known caller\'s, then the request is theirs (flagged as the console flags it) and their card is not changed from outside', async () => {
    const reg = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: 'Мельник Андрій', phone: '067 555 0101', address: 'вул. Шевченка, 3, кв. 1' }, topicCode: 'HS.11', description: 'Тече в підвалі', source: 'call' },
    });
    const console1 = await body(reg);
    const [posted] = await body(await t.post('requests.json', {
      api_key: key, service_code: 'HS.11', address_string: 'вул. Шевченка, 3', phone: '+380675550101', first_name: 'Хтось', last_name: 'Інший',
      'attribute[leak_place]': 'basement',
    }));
    const seen = await body(await t.fetch(`/api/requests/${await idOf(posted.service_request_id)}`, { cookie: agent.cookie }));
    expect(seen.citizen).toMatchObject({ id: console1.citizen.id, fullName: 'Мельник Андрій' });
    expect(seen.flags).toContain('multiple');
  });

  it('when a known caller reports something at their home, then it goes to their district\'s committee; elsewhere it waits for an agent', async () => {
    await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: 'Гнатюк Олег', phone: '067 555 0202', address: 'вул. Кобилянського, 93, кв. 5', district: 'SAK' }, topicCode: 'LS.03', description: 'Брудно у дворі', source: 'call' },
    });
    const lift = { api_key: key, service_code: 'HS.08', phone: '0675550202', 'attribute[entrance]': '2' };
    const [home] = await body(await t.post('requests.json', { ...lift, address_string: 'Кобилянського 93' }));
    const [away] = await body(await t.post('requests.json', { ...lift, address_string: 'вул. Лермонтова, 7' }));
    const [routed] = await sql('SELECT e.code, r.status FROM requests r JOIN executors e ON e.id = r.executor_id WHERE r.number = $1', [home.service_request_id]);
    expect(routed).toEqual({ code: 'SAK-EC', status: 'assigned' });
    expect(await sql('SELECT executor_id, status FROM requests WHERE number = $1', [away.service_request_id])).toEqual([{ executor_id: null, status: 'registered' }]);
  });

  it('when the same e-mail writes twice, then both requests are one citizen\'s', async () => {
    const a = (await body(await t.post('requests.json', lamp({ email: 'olena@example.com' }))))[0];
    const b = (await body(await t.post('requests.json', lamp({ email: 'OLENA@example.com', address_string: 'вул. Гетьманська, 50' }))))[0];
    const owners = await sql('SELECT DISTINCT citizen_id FROM requests WHERE number = ANY($1)', [[a.service_request_id, b.service_request_id]]);
    expect(owners).toHaveLength(1);
    expect(await sql('SELECT email FROM citizen_emails WHERE citizen_id = $1', [owners[0].citizen_id])).toEqual([{ email: 'olena@example.com' }]);
  });

  it('when an app\'s applicant is anonymised, then their e-mail goes with their phone', async () => {
    const admin = await t.login({ role: 'admin' });
    const [posted] = await body(await t.post('requests.json', lamp({ email: 'forget.me@example.com', phone: '067 000 9911' })));
    const id = await idOf(posted.service_request_id);
    expect((await t.fetch(`/api/requests/${id}/transitions`, { method: 'POST', cookie: agent.cookie, json: { action: 'cancel', reason: 'Дубль' } })).status).toBe(200);
    const [{ citizen_id: citizenId }] = await sql('SELECT citizen_id FROM requests WHERE id = $1', [id]);
    const res = await t.fetch(`/api/admin/citizens/${citizenId}/anonymise`, { method: 'POST', cookie: admin.cookie, json: { reason: 'Заява про видалення' } });
    expect(res.status).toBe(200);
    expect(await sql('SELECT * FROM citizen_emails WHERE citizen_id = $1', [citizenId])).toEqual([]);
    expect(await sql('SELECT * FROM citizen_phones WHERE citizen_id = $1', [citizenId])).toEqual([]);
  });

  it('when the executor completes it, then it reads closed with the answer as its notes, the executor as the agency and the times of our record', async () => {
    const [posted] = await body(await t.post('requests.json', lamp()));
    const id = await idOf(posted.service_request_id);
    let [open] = await body(await t.get(`requests/${posted.service_request_id}.json`));
    expect(open).toMatchObject({ status: 'open', status_notes: 'Передано виконавцю', agency_responsible: 'Управління благоустрою та дорожнього господарства', lat: 47.9105, long: 33.3918 });
    for (const json of [{ action: 'start' }, { action: 'complete', result: 'resolved', answer: 'Лампу замінено 07.12.' }]) {
      expect((await t.fetch(`/api/requests/${id}/transitions`, { method: 'POST', cookie: roads.cookie, json })).status).toBe(200);
    }
    [open] = await body(await t.get(`requests/${posted.service_request_id}.json`));
    const [row] = await sql('SELECT received_at, due_at, completed_at FROM requests WHERE id = $1', [id]);
    expect(open).toMatchObject({ status: 'closed', status_notes: 'Лампу замінено 07.12.' });
    expect(Date.parse(open.requested_datetime)).toBe(Math.floor(row.received_at.getTime() / 1000) * 1000);
    expect(Date.parse(open.expected_datetime)).toBe(Math.floor(row.due_at.getTime() / 1000) * 1000);
    expect(Date.parse(open.updated_datetime)).toBe(Math.floor(row.completed_at.getTime() / 1000) * 1000);
    const closed = await body(await t.get('requests.json?status=closed&service_code=LS.02'));
    expect(closed.map((r: any) => r.service_request_id)).toContain(posted.service_request_id);
    expect(closed.every((r: any) => r.status === 'closed')).toBe(true);
    const stillOpen = await body(await t.get('requests.json?status=open'));
    expect(stillOpen.map((r: any) => r.service_request_id)).not.toContain(posted.service_request_id);
  });

  it('when requests are asked by ids, by dates or a page at a time, then the standard\'s filters hold', async () => {
    const numbers = [];
    for (let i = 0; i < 3; i++) numbers.push((await body(await t.post('requests.json', lamp({ address_string: `просп. Миру, ${i + 1}` }))))[0].service_request_id);
    const byIds = await body(await t.get(`requests.json?service_request_id=${numbers.join(',')}&status=closed`));
    expect(byIds.map((r: any) => r.service_request_id).sort()).toEqual([...numbers].sort());
    const page1 = await body(await t.get('requests.json?page_size=2&page=1'));
    const page2 = await body(await t.get('requests.json?page_size=2&page=2'));
    expect(page1).toHaveLength(2);
    expect(page2.map((r: any) => r.service_request_id)).not.toContain(page1[0].service_request_id);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(await body(await t.get(`requests.json?start_date=${encodeURIComponent(future)}`))).toEqual([]);
    const tooLong = await t.get(`requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`);
    expect(tooLong.status).toBe(400);
    expect((await body(tooLong))[0]).toMatchObject({ code: 400, description: expect.stringContaining('90 days') });
  });

  it('when a text holds XML\'s special characters, then the XML escapes them and reads back as the JSON does', async () => {
    const tricky = 'Ліхтар <b>не</b> світить & "дзвоніть" — \'негайно\' ]]> <![CDATA[x]]>';
    const [posted] = await body(await t.post('requests.json', lamp({ description: tricky, address_string: 'вул. Лермонтова, 7а <кут> & Ко' })));
    const xml = await (await t.get(`requests/${posted.service_request_id}.xml`)).text();
    expect(xml).not.toContain('<b>');
    const { root } = parseXml(xml);
    const request = child(root, 'request')!;
    expect(textOf(request, 'description')).toBe(`${tricky}\nЩо з ліхтарем: Не світить`);
    expect(textOf(request, 'address')).toBe('вул. Лермонтова, 7а <кут> & Ко');
  });
});
