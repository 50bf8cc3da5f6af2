import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultationScheduler } from '../../server/jobs/consultation-jobs';
import { startJobs, type Jobs } from '../../server/jobs/jobs';
import { body, startTestApp, type TestApp } from '../setup/app';
import { fingerprint, stillClocks } from './http-fuzz';

/**
 * Issue 19, item 9: consultation inputs that reached PostgreSQL or pg-boss before they were checked. The job
 * queue is the real one, so a date it cannot take shows up as it did in production.
 */
let t: TestApp;
let jobs: Jobs;
let supervisor: string;
let agent: string;
let officialId: number;

beforeAll(async () => {
  const scheduler = { scheduled: (c: Parameters<ReturnType<typeof consultationScheduler>['scheduled']>[0]) => consultationScheduler(jobs.boss).scheduled(c) };
  t = await startTestApp({ ...stillClocks, consultations: { scheduler } });
  jobs = await startJobs({ url: t.db.url, log: pino({ level: 'silent' }), poolSize: 2 });
  supervisor = (await t.login({ role: 'supervisor' })).cookie;
  agent = (await t.login({ role: 'agent' })).cookie;
  officialId = (await t.login({ role: 'official', fullName: 'Коваль Ірина', phone: '0671110001' })).user.id;
});
afterAll(() => jobs?.stop());

const post = (path: string, json: object, cookie = supervisor) => t.fetch(path, { method: 'POST', cookie, json });
const base = (startsAt: string) => ({ officialId, topic: 'Ремонт доріг', startsAt, durationMinutes: 60 });
let hour = 0;
const nextSlot = () => new Date(Date.now() + (48 + ++hour * 2) * 3_600_000).toISOString();

describe('consultation inputs are checked before anything is written', () => {
  it.each(['9999-12-31T23:30:00Z', '2100-01-01T00:00:00Z', '0001-01-01T00:00:00Z'])(
    'when a consultation is scheduled at %s, then 400 names startsAt and nothing is stored or queued',
    async (startsAt) => {
      const before = await fingerprint(t.db.dataSource);
      const res = await post('/api/consultations', base(startsAt));
      expect(res.status).toBe(400);
      expect((await body(res)).error).toMatchObject({ code: 'invalid_input', fields: { startsAt: expect.any(String) } });
      expect(await fingerprint(t.db.dataSource)).toBe(before);
    },
  );

  it('when a consultation is scheduled and moved, then its jobs are written with it (in its transaction)', async () => {
    const c = await body(await post('/api/consultations', { ...base(nextSlot()), autoStart: true }));
    const jobsOf = async () => (await t.db.dataSource.query(`SELECT name, singleton_key AS key FROM pgboss.job WHERE data->>'id' = $1 ORDER BY name, singleton_key`, [String(c.id)]))
      .map((j: { name: string; key: string }) => `${j.name} ${j.key}`);
    const end = new Date(Date.parse(c.startsAt) + 60 * 60_000).toISOString();
    expect(await jobsOf()).toEqual([`consultation-missed ${c.id}@${end}`, `consultation-start ${c.id}@${c.startsAt}`]);
    const later = nextSlot();
    expect((await post(`/api/consultations/${c.id}/reschedule`, { startsAt: later })).status).toBe(200);
    expect(await jobsOf()).toContain(`consultation-start ${c.id}@${later}`);
  });

  it('when a consultation is moved to the year 9999, then 400 and it keeps its time', async () => {
    const c = await body(await post('/api/consultations', base(nextSlot())));
    const res = await post(`/api/consultations/${c.id}/reschedule`, { startsAt: '9999-12-31T23:30:00Z' });
    expect(res.status).toBe(400);
    expect((await body(await t.fetch(`/api/consultations/${c.id}`, { cookie: supervisor }))).startsAt).toBe(c.startsAt);
  });

  it('when consultations are listed from the year 9999, then 400, not a database error', async () => {
    const res = await t.fetch('/api/consultations?from=9999-12-31T00:00:00Z&to=0001-01-01T00:00:00Z', { cookie: supervisor });
    expect(res.status).toBe(400);
    expect(Object.keys((await body(res)).error.fields).sort()).toEqual(['from', 'to']);
  });

  it('when a participant is registered with an unknown district, then 400 names citizen.district and no citizen is written', async () => {
    const c = await body(await post('/api/consultations', base(nextSlot())));
    const before = await fingerprint(t.db.dataSource);
    const res = await post(`/api/consultations/${c.id}/participants`, { citizen: { fullName: 'Мельник Андрій', phone: '0675550101', district: 'NOWHERE' }, question: 'Коли ремонт?' }, agent);
    expect(res.status).toBe(400);
    expect((await body(res)).error).toMatchObject({ code: 'invalid_input', fields: { 'citizen.district': expect.stringContaining('NOWHERE') } });
    expect(await fingerprint(t.db.dataSource)).toBe(before);
  });

  it('when a known caller is registered with an unknown district, then their card is not changed either', async () => {
    const c = await body(await post('/api/consultations', base(nextSlot())));
    const ok = await post(`/api/consultations/${c.id}/participants`, { citizen: { fullName: 'Шевчук Олена', phone: '0675550102', district: 'SAK' }, question: 'Перше питання' }, agent);
    expect(ok.status).toBe(201);
    const other = await body(await post('/api/consultations', base(nextSlot())));
    const before = await fingerprint(t.db.dataSource);
    const res = await post(`/api/consultations/${other.id}/participants`, { citizen: { fullName: 'Інше Імʼя', phone: '0675550102', district: 'NOWHERE' }, question: 'Друге' }, agent);
    expect(res.status).toBe(400);
    expect(await fingerprint(t.db.dataSource)).toBe(before);
  });
});
