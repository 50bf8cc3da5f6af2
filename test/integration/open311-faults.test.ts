import { describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { child, parseXml, startOpen311App, textOf } from './open311-harness';


/** Issue 26's faults for Open311: keys, services, attributes, the rate limit, other jurisdictions, personal data. */
describe('Open311 faults', async () => {
  // The limiter's clock stands still, so a thousand posts fall in one minute however slow the machine is.
  const minute = new Date('2026-12-07T10:15:05Z');
  const t = await startOpen311App({ open311: { now: () => minute, jurisdictionId: 'kr.gov.ua' } });
  const admin = await t.login({ role: 'admin' });
  const agent = await t.login({ role: 'agent' });
  const sql = (q: string, args: unknown[] = []) => t.db.dataSource.query(q, args);
  const count = async (table: string) => Number((await sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const lift = (k: string, over: Record<string, string> = {}) => ({ api_key: k, service_code: 'HS.08', address_string: 'вул. Героїв АТО, 20', 'attribute[entrance]': '3', ...over });

  it('when the api_key is missing, wrong or revoked, then the POST is 403 in the standard\'s error shape and nothing is written', async () => {
    const key = await t.key('Чат-бот');
    const before = await count('requests');
    const missing = await t.post('requests.json', lift(''));
    expect(missing.status).toBe(403);
    expect(await body(missing)).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const wrong = await t.post('requests.xml', lift(`${key}x`));
    expect(wrong.status).toBe(403);
    expect(textOf(child(parseXml(await wrong.text()).root, 'error')!, 'code')).toBe('403');
    expect((await t.post('requests.json', lift(key))).status).toBe(200);
    const [{ id }] = await sql(`SELECT id FROM api_keys WHERE name = 'Чат-бот'`);
    expect((await t.fetch(`/api/admin/api-keys/${id}/revoke`, { method: 'POST', cookie: admin.cookie })).status).toBe(200);
    const revoked = await t.post('requests.json', lift(key));
    expect(revoked.status).toBe(403);
    expect(await count('requests')).toBe(before + 1);
  });

  it('when the service_code is not ours, then the POST is 400 naming it, and its definition is 404', async () => {
    const key = await t.key();
    const res = await t.post('requests.json', lift(key, { service_code: 'SP.02' }));
    expect(res.status).toBe(400);
    expect((await body(res))[0].description).toContain('SP.02');
    expect((await t.get('services/NOPE.json')).status).toBe(404);
    expect((await t.get('services/SP.02.xml')).status).toBe(404);
  });

  it('when the attributes the service requires are missing or wrong, then the POST is 400 naming each, and nothing is created', async () => {
    const key = await t.key();
    const before = [await count('requests'), await count('citizens'), await count('open311_tokens')];
    const res = await t.post('requests.json', { api_key: key, service_code: 'HS.08', address_string: 'вул. Героїв АТО, 20', phone: '067 123 4567' });
    expect(res.status).toBe(400);
    expect(await body(res)).toEqual([{ code: 400, description: 'attribute[entrance]: required (Номер під\'їзду)' }]);
    const leak = await t.post('requests.xml', { api_key: key, service_code: 'HS.11', address_string: 'вул. Героїв АТО, 20', 'attribute[leak_place]': 'roof' });
    expect(leak.status).toBe(400);
    expect(await leak.text()).toContain('attribute[leak_place]: roof is not one of basement, stairwell, street');
    const nowhere = await t.post('requests.json', { api_key: key, service_code: 'LS.01' });
    expect(nowhere.status).toBe(400);
    expect((await body(nowhere))[0].description).toMatch(/address_string: a location is required/);
    expect([await count('requests'), await count('citizens'), await count('open311_tokens')]).toEqual(before);
  });

  it('when one key posts 1,000 requests in a minute, then its limit is created whole and every other gets 429, with nothing half-created', async () => {
    const key = await t.key('Навантаження', 40);
    const before = { requests: await count('requests'), citizens: await count('citizens'), tokens: await count('open311_tokens') };
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) =>
        t.post('requests.json', lift(key, { phone: `067 9${String(batch * 50 + i).padStart(6, '0')}` }))));
      for (const a of answers) {
        statuses.push(a.status);
        if (a.status === 429) retryAfter = a.headers.get('retry-after');
        await a.arrayBuffer();
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(statuses.filter((s) => s === 429)).toHaveLength(960);
    expect(Number(retryAfter)).toBe(55);
    const made = { requests: await count('requests') - before.requests, citizens: await count('citizens') - before.citizens, tokens: await count('open311_tokens') - before.tokens };
    expect(made).toEqual({ requests: 40, citizens: 40, tokens: 40 });
    const [audited] = await sql(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'request' AND detail->>'apiKey' = 'Навантаження'`);
    expect(audited.n).toBe(40);
    // Another key has its own minute.
    expect((await t.post('requests.json', lift(await t.key('Інший партнер', 5)))).status).toBe(200);
  }, 120_000);

  it('when the jurisdiction is another city\'s, or the id is not one of ours, then it is 404', async () => {
    const key = await t.key();
    const [posted] = await body(await t.post('requests.json', lift(key)));
    expect((await t.get(`requests/${posted.service_request_id}.json?jurisdiction_id=kr.gov.ua`)).status).toBe(200);
    expect((await t.get(`requests/${posted.service_request_id}.json?jurisdiction_id=kyiv.gov.ua`)).status).toBe(404);
    expect((await t.get('services.xml?jurisdiction_id=kyiv.gov.ua')).status).toBe(404);
    expect((await t.post('requests.json', lift(key, { jurisdiction_id: 'lviv.gov.ua' }))).status).toBe(404);
    for (const id of ['1551-00012345', '2026-999999', 'abc']) {
      const res = await t.get(`requests/${id}.json`);
      expect(res.status).toBe(404);
      expect((await body(res))[0].code).toBe(404);
    }
    expect((await t.get('tokens/not-a-token.xml')).status).toBe(404);
  });

  it('when a confidential citizen\'s request is read in any format, then no name, phone, e-mail or flat appears', async () => {
    const key = await t.key();
    const citizen = { fullName: 'Кравченко Ярина Олегівна', phone: '050 321 0042', address: 'вул. Гетьманська, 41, кв. 87', confidential: true };
    const reg = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen, topicCode: 'HS.11', description: 'Тече з даху, вул. Гетьманська, 41, кв. 87. Кравченко просить передзвонити на 050 321 00 42.', source: 'call' },
    });
    expect(reg.status).toBe(201);
    const phoned = (await body(reg)).number;
    // The same citizen through an app: found by phone, and the text is public, so it is shown cut.
    const [posted] = await body(await t.post('requests.json', {
      api_key: key, service_code: 'HS.06', address_string: 'вул. Гетьманська, 41, кв. 87', phone: '+380503210042', email: 'yaryna@example.com',
      description: 'Протікає дах над кв. 87. Пише Ярина Кравченко, тел. 050-321-00-42, yaryna@example.com; сусідка 067 765 43 21.',
    }));
    const personal = /Кравченк|Ярин|Олегівн|87|321|0042|00 42|765|yaryna|example\.com/;
    for (const path of [`requests/${phoned}`, `requests/${posted.service_request_id}`, `requests`, `requests`]) {
      for (const format of ['json', 'xml']) {
        const text = await (await t.get(`${path}.${format}`)).text();
        expect(text).toContain(path === 'requests' ? phoned : path.split('/')[1]);
        expect(text.replace(/\d{4}-\d{6}|\d{4}-\d{2}-\d{2}T[\d:+]+/g, '')).not.toMatch(personal);
      }
    }
    const [app] = await body(await t.get(`requests/${posted.service_request_id}.json`));
    expect(app.description).toBe('Протікає дах над кв. …. Пише …, тел. …, …; сусідка ….');
    expect(app.address).toBe('вул. Гетьманська, 41');
    const [call] = await body(await t.get(`requests/${phoned}.json`));
    expect(call.description).toBeUndefined();
    expect(call.address).toBe('вул. Гетьманська, 41');
  });

  it('when one address asks without a key past its limit, then it gets 429 with Retry-After', async () => {
    const small = await startOpen311App({ open311: { now: () => minute, anonymousRatePerMinute: 5 } });
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await small.get('services.json'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(answers[5].headers.get('retry-after')).toBe('55');
    // A key has its own limit.
    expect((await small.get(`services.json?api_key=${await small.key()}`)).status).toBe(200);
  });
});
