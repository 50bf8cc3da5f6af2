import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Issue 21, item 3: an admin exports everything held about one citizen, and anonymises them unless the law keeps it. */
describe('the subject\'s rights: export and anonymisation of one citizen', async () => {
  const t = await startTestApp();
  const admin = await t.login({ role: 'admin' });
  const agent = await t.login({ role: 'agent' });
  const supervisor = await t.login({ role: 'supervisor' });
  const official = await t.login({ role: 'official', fullName: 'Коваль Ірина', phone: '0671110001' });
  const sql = (q: string, args: unknown[] = []) => t.db.dataSource.query(q, args);
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Kyiv', year: 'numeric' }).format(new Date()));
  let seq = 0;
  const SURNAMES = ['Мельничук', 'Кравченко', 'Бондаренко', 'Ткачук', 'Шевчук', 'Коваленко', 'Лисенко', 'Савчук', 'Гнатюк', 'Романенко'];

  /** A citizen with one appeal to the water utility; the description names them, their phone and their flat. */
  async function citizenWithRequest(over: Record<string, unknown> = {}): Promise<{ citizenId: number; request: any; surname: string; phone: string }> {
    seq++;
    const surname = SURNAMES[seq % SURNAMES.length];
    const phone = `+38067555${String(seq).padStart(4, '0')}`;
    const home = `вул. Гетьманська, ${40 + seq}, кв. ${80 + seq}`;
    const res = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: `${surname} Оксана Петрівна`, phone: `067 555 ${String(seq).padStart(4, '0')}`, address: home, district: 'SAK',
        category: 'war_veteran', ...(over.citizen as object) },
      topicCode: 'HS.11', category: 'appeal', address: home, source: 'call',
      description: `Немає води, ${home}. Заявниця ${surname} Оксана просить передзвонити на 067-555-${String(seq).padStart(4, '0')}.` },
    });
    expect(res.status).toBe(201);
    const request = await body(res);
    return { citizenId: request.citizenId ?? request.citizen?.id, request, surname, phone };
  }

  async function act(id: number, json: Record<string, unknown>): Promise<any> {
    const res = await t.fetch(`/api/requests/${id}/transitions`, { method: 'POST', cookie: admin.cookie, json });
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
    return body(res);
  }
  /** Through the lifecycle to closed: resolved, confirmed by the citizen. */
  async function close(id: number): Promise<void> {
    const r = await body(await t.fetch(`/api/requests/${id}`, { cookie: admin.cookie }));
    if (r.status === 'registered') await act(id, { action: 'assign', executorId: r.executorId ?? r.executor?.id });
    await act(id, { action: 'start' });
    await act(id, { action: 'complete', result: 'resolved', answer: 'Воду подано, заявниці повідомлено.' });
    await act(id, { action: 'confirm', satisfaction: 5 });
  }
  const anonymise = (id: number | string, json: unknown = { reason: 'Заява громадянки від 01.12 про видалення даних' }, cookie = admin.cookie) =>
    t.fetch(`/api/admin/citizens/${id}/anonymise`, { method: 'POST', cookie, json });
  const exportOf = (id: number | string, format = 'json', cookie = admin.cookie) => t.fetch(`/api/admin/citizens/${id}/export?format=${format}`, { cookie });
  const snapshot = async (citizenId: number) => ({
    citizen: await sql('SELECT * FROM citizens WHERE id = $1', [citizenId]),
    phones: await sql('SELECT * FROM citizen_phones WHERE citizen_id = $1 ORDER BY phone', [citizenId]),
    requests: await sql('SELECT id, description, address, answer, search_tsv::text AS tsv, version FROM requests WHERE citizen_id = $1 ORDER BY id', [citizenId]),
    calls: await sql('SELECT * FROM calls WHERE citizen_id = $1 ORDER BY id', [citizenId]),
  });

  it('when a citizen with closed requests, calls and a consultation is anonymised, then name, phones and flat are gone everywhere and the facts stay', async () => {
    const { citizenId, request, surname, phone } = await citizenWithRequest();
    await close(request.id);
    await sql(`INSERT INTO calls (id, caller_number, caller_name, citizen_id, queue, direction, queued_at, answered_at, ended_at, talk_seconds, outcome)
               VALUES ('sub-1', $1, $2, $3, 'city', 'in', now(), now(), now(), 60, 'answered'),
                      ('sub-2', $1, $2, NULL, 'city', 'in', now(), NULL, now(), NULL, 'abandoned')`, [phone, `${surname} О.`, citizenId]);
    const consultation = await body(await t.fetch('/api/consultations', { method: 'POST', cookie: supervisor.cookie,
      json: { officialId: official.user.id, topic: 'Тарифи', startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 30 } }));
    const reg = await t.fetch(`/api/consultations/${consultation.id}/participants`, { method: 'POST', cookie: agent.cookie,
      json: { citizenId, question: `${surname} питає про тарифи` } });
    expect(reg.status).toBe(201);
    await t.fetch(`/api/consultations/${consultation.id}/cancel`, { method: 'POST', cookie: supervisor.cookie, json: { reason: 'хвороба' } });
    const before = await body(await t.fetch(`/api/requests/${request.id}`, { cookie: admin.cookie }));

    const res = await anonymise(citizenId);
    expect(res.status).toBe(200);
    const done = await body(res);
    expect(done).toMatchObject({ citizenId, changed: { citizens: 1, phones: 1, requests: 1, calls: 2, consultationRegistrations: 1 } });

    const [c] = await sql('SELECT * FROM citizens WHERE id = $1', [citizenId]);
    expect(c).toMatchObject({ full_name: null, address: 'вул. Гетьманська, 41', district_code: 'SAK', category: 'war_veteran' });
    expect(await sql('SELECT * FROM citizen_phones WHERE citizen_id = $1', [citizenId])).toEqual([]);
    const after = await body(await t.fetch(`/api/requests/${request.id}`, { cookie: admin.cookie }));
    expect(after).toMatchObject({ topic: before.topic, executor: before.executor, status: 'closed', result: before.result, receivedAt: before.receivedAt,
      closedAt: before.closedAt, dueAt: before.dueAt, satisfaction: 5, address: 'вул. Гетьманська, 41' });
    expect(before.topic.code).toBe('HS.11');
    expect(before.executor.code).toBe('WATER');
    expect(after.description).toBe('Немає води, вул. Гетьманська, 41. Заявниця … просить передзвонити на ….');
    const everything = JSON.stringify(await sql(`SELECT r.*, r.search_tsv::text AS tsv,
        (SELECT json_agg(e) FROM request_events e WHERE e.request_id = r.id) AS events FROM requests r WHERE r.id = $1`, [request.id]));
    expect(everything).not.toMatch(new RegExp(`${surname.slice(0, 8)}|кв\\. 81|5550001|555-0001`, 'i'));
    const personal = new RegExp(`${surname}|5550001`);
    expect(JSON.stringify(await sql('SELECT * FROM calls WHERE id LIKE \'sub-%\''))).not.toMatch(personal);
    expect(JSON.stringify(await sql('SELECT * FROM consultation_participants WHERE citizen_id = $1', [citizenId]))).not.toMatch(personal);
    const found = await body(await t.fetch(`/api/requests?q=${encodeURIComponent(surname)}`, { cookie: admin.cookie }));
    expect(found.items.map((r: any) => r.id)).not.toContain(request.id);
    expect((await body(await t.fetch(`/api/citizens?phone=${encodeURIComponent(phone)}`, { cookie: agent.cookie }))).items).toEqual([]);

    const audit = await body(await t.fetch(`/api/audit?entity=citizen&entityId=${citizenId}`, { cookie: admin.cookie }));
    expect(audit.items[0]).toMatchObject({ action: 'anonymise', userId: admin.user.id, detail: { reason: 'Заява громадянки від 01.12 про видалення даних', changed: done.changed } });
  });

  it('when the yearly report is computed before and after citizens are anonymised, then every figure is the same', async () => {
    const people = [await citizenWithRequest(), await citizenWithRequest({ citizen: { confidential: true } }), await citizenWithRequest({ citizen: { privileged: true } })];
    for (const p of people) await close(p.request.id);
    const report = async () => body(await t.fetch(`/api/reports/yearly?year=${year}`, { cookie: admin.cookie }));
    const before = await report();
    expect(before.appeals.current).toBeGreaterThanOrEqual(3);
    for (const p of people) expect((await anonymise(p.citizenId)).status).toBe(200);
    expect(await report()).toEqual(before);
  });

  it('when a citizen has an open request, then anonymising is a 409 legal_hold naming it, nothing changes and the refusal is recorded', async () => {
    const { citizenId, request } = await citizenWithRequest();
    const before = await snapshot(citizenId);
    const res = await anonymise(citizenId);
    expect(res.status).toBe(409);
    const answer = await body(res);
    expect(answer).toMatchObject({ error: { code: 'legal_hold', fields: { requests: expect.stringContaining(request.number) } } });
    expect(answer.error.message).toContain(request.number);
    expect(await snapshot(citizenId)).toEqual(before);
    const audit = await body(await t.fetch(`/api/audit?entity=citizen&entityId=${citizenId}`, { cookie: admin.cookie }));
    expect(audit.items[0]).toMatchObject({ action: 'anonymise_refused', detail: { reason: expect.any(String), holds: [expect.objectContaining({ number: request.number })] } });
  });

  it('when a request is back for rework or registered for an upcoming consultation, then it is a legal hold too', async () => {
    const { citizenId, request } = await citizenWithRequest();
    await act(request.id, { action: 'start' });
    await act(request.id, { action: 'complete', result: 'resolved', answer: 'Зроблено' });
    await act(request.id, { action: 'return', reason: 'Води досі немає' });
    expect(await body(await anonymise(citizenId))).toMatchObject({ error: { code: 'legal_hold', message: expect.stringContaining(request.number) } });
    await act(request.id, { action: 'cancel', reason: 'дубль' });
    const consultation = await body(await t.fetch('/api/consultations', { method: 'POST', cookie: supervisor.cookie,
      json: { officialId: official.user.id, topic: 'Вода', startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(), durationMinutes: 30 } }));
    await t.fetch(`/api/consultations/${consultation.id}/participants`, { method: 'POST', cookie: agent.cookie, json: { citizenId, question: 'Вода' } });
    const held = await body(await anonymise(citizenId));
    expect(held).toMatchObject({ error: { code: 'legal_hold', fields: { consultations: String(consultation.id) } } });
  });

  it('when the anonymisation fails halfway, then nothing of the citizen is half-anonymised', async () => {
    const { citizenId, request } = await citizenWithRequest();
    await close(request.id);
    const before = await snapshot(citizenId);
    // A real failure of the database late in the work: the phones are among the last rows it changes.
    await sql(`CREATE FUNCTION refuse_phone_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
               CREATE TRIGGER refuse_phone_delete BEFORE DELETE ON citizen_phones FOR EACH ROW EXECUTE FUNCTION refuse_phone_delete()`);
    try {
      const res = await anonymise(citizenId);
      expect(res.status).toBe(500);
      expect(await body(res)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    } finally {
      await sql('DROP TRIGGER refuse_phone_delete ON citizen_phones; DROP FUNCTION refuse_phone_delete()');
    }
    expect(await snapshot(citizenId)).toEqual(before);
    expect((await body(await t.fetch(`/api/audit?entity=citizen&entityId=${citizenId}`, { cookie: admin.cookie }))).items.map((a: any) => a.action)).not.toContain('anonymise');
    expect((await anonymise(citizenId)).status).toBe(200);
  });

  it('when someone else asks, or names no citizen, or gives no reason, then it is 401, 403, 404 or 400', async () => {
    const { citizenId } = await citizenWithRequest();
    for (const who of [agent, supervisor, official]) {
      expect((await anonymise(citizenId, undefined, who.cookie)).status).toBe(403);
      expect((await exportOf(citizenId, 'json', who.cookie)).status).toBe(403);
    }
    expect((await t.fetch(`/api/admin/citizens/${citizenId}/export`)).status).toBe(401);
    expect(await body(await anonymise(999_999))).toMatchObject({ error: { code: 'not_found' } });
    expect((await exportOf(999_999)).status).toBe(404);
    expect((await exportOf(999_999, 'pdf')).status).toBe(404);
    expect(await body(await anonymise(citizenId, {}))).toMatchObject({ error: { code: 'invalid_input', fields: { reason: expect.any(String) } } });
    expect(await body(await anonymise(citizenId, { reason: '   ' }))).toMatchObject({ error: { fields: { reason: expect.any(String) } } });
    expect(await body(await anonymise('2147483648'))).toMatchObject({ error: { fields: { id: expect.any(String) } } });
    expect(await body(await exportOf(citizenId, 'docx'))).toMatchObject({ error: { fields: { format: expect.any(String) } } });
    const [c] = await sql('SELECT full_name FROM citizens WHERE id = $1', [citizenId]);
    expect(c.full_name).toMatch(/Оксана Петрівна/);
  });

  it('when an admin exports a citizen, then the export holds everything about them, is audited, and lists who read them', async () => {
    const { citizenId, request, phone } = await citizenWithRequest();
    await t.fetch(`/api/citizens?phone=${encodeURIComponent(phone)}`, { cookie: agent.cookie });
    await act(request.id, { action: 'extend', days: 10, reason: 'Потрібна заміна труби', notice: { channel: 'phone', at: new Date().toISOString() } });
    const res = await exportOf(citizenId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`citizen-${citizenId}.json`);
    const data = await body(res);
    expect(data.citizen).toMatchObject({ id: citizenId, phones: [phone], district: 'SAK' });
    expect(data.requests).toMatchObject([{ number: request.number, timeline: expect.arrayContaining([expect.objectContaining({ action: 'registered' })]) }]);
    expect(data).toHaveProperty('calls');
    expect(data).toHaveProperty('consultations');
    expect(data).toHaveProperty('notifications');
    expect(data.recordings).toEqual([]);
    const reads = data.audit.map((a: any) => [a.username, a.action, a.entity]);
    expect(reads).toContainEqual([agent.user.username, 'read', 'citizen']);
    expect(reads).toContainEqual([admin.user.username, 'export', 'citizen']);

    const pdf = await exportOf(citizenId, 'pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const exports = (await body(await t.fetch(`/api/audit?entity=citizen&entityId=${citizenId}`, { cookie: admin.cookie }))).items.filter((a: any) => a.action === 'export');
    expect(exports.map((a: any) => a.detail.format)).toEqual(['pdf', 'json']);
  });
});
