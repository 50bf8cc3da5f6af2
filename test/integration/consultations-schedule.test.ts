import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../server/consultations/invitation';
import { body, startTestApp, type TestApp } from '../setup/app';
import { seedCitizen } from './calls-harness';

const received: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, _session, done) {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    stream.on('end', () => {
      received.push(text);
      done();
    });
  },
});

let t: TestApp;
let supervisor: string;
let agent: string;
let official: { cookie: string; user: { id: number } };
let otherOfficial: { cookie: string; user: { id: number } };
const inDays = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  const mailer = createMailer({ url: `smtp://127.0.0.1:${port}?ignoreTLS=true`, from: 'consultations@hromada.test', log: pino({ level: 'silent' }) });
  t = await startTestApp({ consultations: { mailer } });
  supervisor = (await t.login({ role: 'supervisor' })).cookie;
  agent = (await t.login({ role: 'agent' })).cookie;
  official = await t.login({ role: 'official', fullName: 'Коваль Ірина', phone: '0671110001' });
  otherOfficial = await t.login({ role: 'official', fullName: 'Бондар Петро', phone: '0671110002' });
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const schedule = (json: object, cookie = supervisor) => t.fetch('/api/consultations', { method: 'POST', cookie, json });
const base = () => ({ officialId: official.user.id, topic: 'Ремонт доріг у Центральному районі', startsAt: inDays(2), durationMinutes: 60, capacity: 2 });

describe('scheduling consultations', () => {
  it('when a supervisor schedules one, then it gets a room and a PIN, and the official is mailed an .ics invitation', async () => {
    const res = await schedule({ ...base(), inviteEmail: 'koval@city.test' });
    expect(res.status).toBe(201);
    const c = await body(res);
    expect(c).toMatchObject({ room: expect.stringMatching(/^8\d{3}$/), pin: expect.stringMatching(/^\d{6}$/), status: 'scheduled', participants: [], legs: [] });
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(1);
    expect(received[0]).toContain('koval@city.test');
    expect(received[0]).toMatch(/text\/calendar/);
    expect(received[0].replace(/=\r?\n/g, '')).toContain('BEGIN:VCALENDAR');

    const ics = await t.fetch(`/api/consultations/${c.id}/invitation.ics`, { cookie: official.cookie });
    expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
    expect(await ics.text()).toMatch(/BEGIN:VEVENT[\s\S]*DTSTART/);
  });

  it('when the official already has a consultation at that time, then a second one is refused with 409', async () => {
    const first = await body(await schedule({ ...base(), startsAt: inDays(3) }));
    const res = await schedule({ ...base(), startsAt: new Date(Date.parse(first.startsAt) + 30 * 60_000).toISOString() });
    expect(res.status).toBe(409);
    expect((await body(res)).error.code).toBe('official_busy');
  });

  it('when the room asked for is taken at that time, then another official is refused with 409 too', async () => {
    const first = await body(await schedule({ ...base(), startsAt: inDays(4) }));
    const res = await schedule({ ...base(), officialId: otherOfficial.user.id, startsAt: inDays(4), room: first.room });
    expect(res.status).toBe(409);
    expect((await body(res)).error.code).toBe('room_busy');
    const elsewhere = await body(await schedule({ ...base(), officialId: otherOfficial.user.id, startsAt: inDays(4) }));
    expect(elsewhere.room).not.toBe(first.room);
  });

  it('when an agent tries to schedule, then 403; bad input is a 400 naming the fields', async () => {
    expect((await schedule(base(), agent)).status).toBe(403);
    const bad = await schedule({ officialId: official.user.id, topic: '', startsAt: 'tomorrow', durationMinutes: 1 });
    expect(bad.status).toBe(400);
    expect(Object.keys((await body(bad)).error.fields)).toEqual(expect.arrayContaining(['topic', 'startsAt', 'durationMinutes']));
    const notOfficial = await schedule({ ...base(), officialId: 999_999 });
    expect(notOfficial.status).toBe(400);
  });

  it('when an official lists or opens consultations, then they see only their own', async () => {
    const theirs = await body(await schedule({ ...base(), officialId: otherOfficial.user.id, startsAt: inDays(6) }));
    const mine = await body(await t.fetch('/api/consultations', { cookie: official.cookie }));
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((c: { official: { id: number } }) => c.official.id === official.user.id)).toBe(true);
    expect((await t.fetch(`/api/consultations/${theirs.id}`, { cookie: official.cookie })).status).toBe(404);
    expect((await t.fetch(`/api/consultations/${theirs.id}/invitation.ics`, { cookie: official.cookie })).status).toBe(404);
  });

  it('when it is rescheduled or cancelled, then the answer lists the registered citizens to call back', async () => {
    const c = await body(await schedule({ ...base(), startsAt: inDays(8) }));
    await t.fetch(`/api/consultations/${c.id}/participants`, { method: 'POST', cookie: agent, json: { citizen: { fullName: 'Гнатюк Марія', phone: '0501112233' }, question: 'Коли відремонтують дах?' } });
    const moved = await t.fetch(`/api/consultations/${c.id}/reschedule`, { method: 'POST', cookie: supervisor, json: { startsAt: inDays(9) } });
    expect(moved.status).toBe(200);
    expect((await body(moved)).startsAt).toBe(inDays(9));
    const cancelled = await body(await t.fetch(`/api/consultations/${c.id}/cancel`, { method: 'POST', cookie: supervisor, json: { reason: 'Посадовець у відрядженні' } }));
    expect(cancelled).toMatchObject({ status: 'cancelled', participants: [expect.objectContaining({ fullName: 'Гнатюк Марія', phone: '+380501112233' })] });
    const again = await t.fetch(`/api/consultations/${c.id}/cancel`, { method: 'POST', cookie: supervisor, json: { reason: 'ще раз' } });
    expect(again.status).toBe(409);
  });
});

describe('registering citizens', () => {
  it('when an agent registers citizens, then phones are normalised, the same citizen twice is refused, and capacity holds', async () => {
    const c = await body(await schedule({ ...base(), startsAt: inDays(10) }));
    const known = await seedCitizen(t, '+380631234500');
    const register = (json: object) => t.fetch(`/api/consultations/${c.id}/participants`, { method: 'POST', cookie: agent, json });

    const first = await register({ citizen: { fullName: 'Шевченко Андрій', phone: '+38 (067) 555-11-22' }, question: 'Яма на дорозі біля школи' });
    expect(first.status).toBe(201);
    expect((await body(first)).participants[0]).toMatchObject({ phone: '+380675551122', question: 'Яма на дорозі біля школи' });

    const twice = await register({ citizen: { fullName: 'Шевченко Андрій', phone: '0675551122' }, question: 'Ще одне питання' });
    expect(twice.status).toBe(409);
    expect((await body(twice)).error.code).toBe('already_registered');

    expect((await register({ citizenId: known.citizenId, question: 'Освітлення двору' })).status).toBe(201);
    const full = await register({ citizen: { fullName: 'Третій Зайвий', phone: '0679990000' }, question: 'Питання' });
    expect(full.status).toBe(409);
    expect((await body(full)).error.code).toBe('consultation_full');
  });

  it('when registrations arrive at once for the last place, then exactly one gets it', async () => {
    const c = await body(await schedule({ ...base(), startsAt: inDays(12), capacity: 1 }));
    const results = await Promise.all(['0661000001', '0661000002', '0661000003'].map((phone, i) =>
      t.fetch(`/api/consultations/${c.id}/participants`, { method: 'POST', cookie: agent, json: { citizen: { fullName: `Громадянин ${i}`, phone }, question: 'Питання' } })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('when a citizen is registered later from their page, then the page lists the registration, and the read is audited', async () => {
    const c = await body(await schedule({ ...base(), startsAt: inDays(14) }));
    const known = await seedCitizen(t, '+380631234577');
    const registered = await t.fetch(`/api/consultations/${c.id}/participants`, { method: 'POST', cookie: agent, json: { citizenId: known.citizenId, question: 'Тротуар на вулиці Шкільній' } });
    expect(registered.status).toBe(201);

    const res = await t.fetch(`/api/consultations/registrations?citizenId=${known.citizenId}`, { cookie: agent });
    expect(res.status).toBe(200);
    expect((await body(res)).items).toEqual([expect.objectContaining({ consultationId: c.id, question: 'Тротуар на вулиці Шкільній', officialName: 'Коваль Ірина', status: 'scheduled', outcome: null })]);
    const audited = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'citizen' AND entity_id = $1 AND detail->>'via' = 'consultations'`, [String(known.citizenId)]);
    expect(audited[0].n).toBe(1);

    expect((await t.fetch(`/api/consultations/registrations?citizenId=${known.citizenId}`, { cookie: official.cookie })).status).toBe(403);
    expect((await t.fetch('/api/consultations/registrations?citizenId=2147483648', { cookie: agent })).status).toBe(400);
  });

  it('when an official tries to register a citizen, then 403', async () => {
    const [c] = (await body(await t.fetch('/api/consultations', { cookie: official.cookie }))).items;
    const res = await t.fetch(`/api/consultations/${c.id}/participants`, { method: 'POST', cookie: official.cookie, json: { citizen: { fullName: 'X', phone: '0671234567' }, question: 'Q' } });
    expect(res.status).toBe(403);
  });
});
