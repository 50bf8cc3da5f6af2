import { beforeAll, describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';
import { insertHistory, seedStaffingHistory, type HistoryShape } from '../../server/staffing/demo-history';

let t: TestApp;
let supervisor: { cookie: string };
let agent: { cookie: string };

// Ten weeks of a city hotline before Tuesday 8 December 2026; callers hang up after 100 s on average, handle 180 s.
const SHAPE: HistoryShape = {
  queue: 'hotline', from: '2026-09-29', to: '2026-12-07', peakPerHalfHour: 24, patienceSeconds: 100, talkSeconds: 150, wrapUpSeconds: 30, seed: 28,
};

beforeAll(async () => {
  t = await startTestApp();
  supervisor = await t.login({ role: 'supervisor' });
  agent = await t.login({ role: 'agent' });
  await insertHistory(t.db.dataSource, SHAPE);
  // A queue with a handful of calls: its handle time and patience cannot be measured.
  await insertHistory(t.db.dataSource, { ...SHAPE, queue: 'sparse', from: '2026-12-01', to: '2026-12-01', peakPerHalfHour: 0.6, seed: 3 });
}, 120_000);

const get = async (path: string, who = supervisor) => {
  const res = await t.fetch(path, { cookie: who.cookie });
  return { status: res.status, data: await body(res) };
};

type Slot = { start: string; label: string; offered: number; ahtSeconds: number; patienceSeconds: number; agentsErlangC: number | null; agentsErlangA: number | null; staffed: number | null };

describe('GET /api/staffing/forecast', () => {
  it('when ten weeks of history exist, then each half hour of the next days has calls, handle time, patience and agents', async () => {
    const { status, data } = await get('/api/staffing/forecast?queue=hotline&from=2026-12-07&days=7');
    expect(status).toBe(200);
    expect(data.slots).toHaveLength(7 * 48);
    // The Kyiv day starting at `midnight` (an instant), its half hour `label`.
    const at = (midnight: string, label: string): Slot =>
      data.slots.find((s: Slot) => s.label === label && Date.parse(s.start) >= Date.parse(midnight) && Date.parse(s.start) < Date.parse(midnight) + 86_400_000);
    const monday = at('2026-12-06T22:00:00Z', '10:00');
    const sunday = at('2026-12-12T22:00:00Z', '10:00');
    expect(monday.offered).toBeGreaterThan(2 * sunday.offered);
    expect(monday.agentsErlangC!).toBeGreaterThanOrEqual(monday.agentsErlangA!);
    expect(at('2026-12-07T22:00:00Z', '03:00').offered).toBeLessThan(2);
    // Handle time is talk + wrap-up (150 + 30 s on average); patience is recovered from hang-ups and censored waits.
    expect(monday.ahtSeconds).toBeGreaterThan(150);
    expect(monday.ahtSeconds).toBeLessThan(215);
    expect(data.patience.meanSeconds).toBeGreaterThan(80);
    expect(data.patience.meanSeconds).toBeLessThan(120);
    expect(data.targets).toMatchObject({ serviceLevelPercent: 80, serviceLevelSeconds: 20 });
  });

  it('when the day is the autumn DST change, then it has 50 half hours (03:00 twice), and the spring one 46', async () => {
    const autumn = await get('/api/staffing/forecast?queue=hotline&from=2026-10-25&days=1');
    expect(autumn.status).toBe(200);
    expect(autumn.data.slots).toHaveLength(50);
    expect(autumn.data.slots.filter((s: Slot) => s.label === '03:00')).toHaveLength(2);
    const spring = await get('/api/staffing/forecast?queue=hotline&from=2027-03-28&days=1');
    expect(spring.data.slots).toHaveLength(46);
    expect(spring.data.slots.some((s: Slot) => s.label === '03:30')).toBe(false);
  });

  it('when a half hour has no calls at all, then it needs no agents', async () => {
    const { data } = await get('/api/staffing/forecast?queue=sparse&from=2026-12-08&days=1');
    const empty = data.slots.find((s: Slot) => s.offered === 0);
    expect(empty).toMatchObject({ agentsErlangC: 0, agentsErlangA: 0 });
  });

  it('when a queue has too few calls to measure, then handle time and patience fall back, with a note', async () => {
    const { status, data } = await get('/api/staffing/forecast?queue=sparse&from=2026-12-08&days=1');
    expect(status).toBe(200);
    expect(data.notes.join(' ')).toMatch(/Handle time: only \d+ answered calls/);
    expect(data.notes.join(' ')).toMatch(/Patience: only \d+ callers hung up/);
    expect(data.slots[20]).toMatchObject({ ahtSeconds: 180, patienceSeconds: 120 });
  });

  it('when a queue has no history, then it says so and forecasts nothing', async () => {
    const { status, data } = await get('/api/staffing/forecast?queue=nobody&from=2026-12-08');
    expect(status).toBe(404);
    expect(data.error.code).toBe('no_history');
    expect(data.error.message).toMatch(/no calls/);
  });

  it('when a day is marked exceptional, then it leaves the averages (and public holidays never enter)', async () => {
    const before = await get('/api/staffing/forecast?queue=hotline&from=2026-12-08&days=1');
    // Make last Tuesday an air-raid day with ten times the calls at 10:00, then leave it out.
    await insertHistory(t.db.dataSource, { ...SHAPE, from: '2026-12-01', to: '2026-12-01', peakPerHalfHour: 240, seed: 99 });
    const spiked = await get('/api/staffing/forecast?queue=hotline&from=2026-12-08&days=1');
    const put = await t.fetch('/api/staffing/exception-days/2026-12-01', { method: 'PUT', cookie: supervisor.cookie, json: { reason: 'Повітряна тривога' } });
    expect(put.status).toBe(200);
    const after = await get('/api/staffing/forecast?queue=hotline&from=2026-12-08&days=1');
    const ten = (d: { slots: Slot[] }) => d.slots.find((s) => s.label === '10:00')!.offered;
    expect(ten(spiked.data)).toBeGreaterThan(2 * ten(before.data));
    expect(ten(after.data)).toBeLessThan(ten(spiked.data) / 2);
    expect(after.data.basis.daysLeftOut).toContain('2026-12-01');
    expect(after.data.basis.daysLeftOut).toContain('2026-10-01'); // Defenders' Day
    await t.fetch('/api/staffing/exception-days/2026-12-01', { method: 'DELETE', cookie: supervisor.cookie });
  });

  it('when a rota is entered, then the forecast shows who is scheduled', async () => {
    const start = '2026-12-08T08:00:00.000Z';
    const res = await t.fetch('/api/staffing/rota', { method: 'PUT', cookie: supervisor.cookie, json: { queue: 'hotline', slots: [{ start, agents: 7 }] } });
    expect(res.status).toBe(200);
    const { data } = await get('/api/staffing/forecast?queue=hotline&from=2026-12-08&days=1');
    expect(data.slots.find((s: Slot) => s.start === start).staffed).toBe(7);
    expect(data.slots.find((s: Slot) => s.start !== start).staffed).toBeNull();
  });

  it('when a holiday\'s calls are forecast by hand, then those half hours take them and need agents for them', async () => {
    const start = '2026-12-25T08:00:00.000Z';
    const before = (await get('/api/staffing/forecast?queue=hotline&from=2026-12-25&days=1')).data;
    expect(before.notes.join(' ')).toMatch(/2026-12-25 is a holiday/);
    const res = await t.fetch('/api/staffing/manual-load', { method: 'PUT', cookie: supervisor.cookie, json: { queue: 'hotline', slots: [{ start, offered: 400 }] } });
    expect(res.status).toBe(200);
    const after = (await get('/api/staffing/forecast?queue=hotline&from=2026-12-25&days=1')).data;
    const at = (d: { slots: Slot[] }) => d.slots.find((s) => s.start === start) as Slot & { source: string };
    expect(at(after)).toMatchObject({ offered: 400, source: 'manual' });
    expect(at(after).agentsErlangA!).toBeGreaterThan(3 * at(before).agentsErlangA!);
    expect(after.slots.filter((s: { source: string }) => s.source === 'manual')).toHaveLength(1);
    const bad = await t.fetch('/api/staffing/manual-load', { method: 'PUT', cookie: supervisor.cookie, json: { queue: 'hotline', slots: [{ start, offered: -1 }] } });
    expect(bad.status).toBe(400);
  });

  it('when the input is bad or the role may not, then the usual error shape', async () => {
    for (const q of ['queue=hotline&days=15', 'queue=hotline&from=2026-02-30', 'queue=a%20b', 'days=3', 'queue=hotline&x=1']) {
      const { status, data } = await get(`/api/staffing/forecast?${q}`);
      expect(status, q).toBe(400);
      expect(data.error.code).toBe('invalid_input');
    }
    expect((await get('/api/staffing/forecast?queue=hotline', agent)).status).toBe(403);
    const badRota = await t.fetch('/api/staffing/rota', { method: 'PUT', cookie: supervisor.cookie, json: { queue: 'hotline', slots: [{ start: '2026-12-08T08:10:00Z', agents: 3 }] } });
    expect(badRota.status).toBe(400);
  });
});

describe('the demo', () => {
  it('when the demo history is seeded, then the simulator\'s queue has a forecast with a Monday peak and a quiet Sunday', async () => {
    await seedStaffingHistory(t.db.dataSource, 2, '2026-12-08');
    const { status, data } = await get('/api/staffing/forecast?queue=support&from=2026-12-13&days=2');
    expect(status).toBe(200);
    const tenOClock = data.slots.filter((s: Slot) => s.label === '10:00').map((s: Slot) => s.offered);
    expect(tenOClock[1]).toBeGreaterThan(2 * tenOClock[0]);
    expect(data.notes.join(' ')).not.toMatch(/only \d+/);
  });
});

describe('GET /api/staffing/erlang', () => {
  it('when asked for Call Centre Helper\'s example, then 14 agents by Erlang C, fewer by Erlang A with a patience', async () => {
    const { status, data } = await get('/api/staffing/erlang?callsPerHour=200&ahtSeconds=180&targetPercent=80&targetSeconds=20&patienceSeconds=60');
    expect(status).toBe(200);
    expect(data.erlangC).toEqual({ agents: 14, serviceLevel: 88.84, averageWaitSeconds: 7.8, occupancy: 71.43 });
    expect(data.erlangA.agents).toBeLessThanOrEqual(14);
    expect(data.erlangA.serviceLevel).toBeGreaterThanOrEqual(80);
    const plain = await get('/api/staffing/erlang?callsPerHour=200&ahtSeconds=180&targetPercent=80&targetSeconds=20');
    expect(plain.data.erlangA).toBeNull();
  });

  it('when the target cannot be met, then 409 target_unreachable at once', async () => {
    const { status, data } = await get('/api/staffing/erlang?callsPerHour=200&ahtSeconds=180&targetPercent=100&targetSeconds=0');
    expect(status).toBe(409);
    expect(data.error.code).toBe('target_unreachable');
  });

  it('when 10,000 calls an hour arrive, then a finite answer', async () => {
    const { status, data } = await get('/api/staffing/erlang?callsPerHour=10000&ahtSeconds=180&targetPercent=80&targetSeconds=20&patienceSeconds=90');
    expect(status).toBe(200);
    expect(data.erlangC.agents).toBeGreaterThan(500);
    expect(Number.isFinite(data.erlangA.abandonPercent)).toBe(true);
  });

  it('when numbers are missing, malformed or out of range, then 400 naming them; an agent gets 403', async () => {
    const { status, data } = await get('/api/staffing/erlang?callsPerHour=1e3&ahtSeconds=0&targetPercent=80');
    expect(status).toBe(400);
    expect(Object.keys(data.error.fields).sort()).toEqual(['ahtSeconds', 'callsPerHour', 'targetSeconds']);
    expect((await get('/api/staffing/erlang?callsPerHour=1&ahtSeconds=1&targetPercent=80&targetSeconds=20', agent)).status).toBe(403);
  });
});
