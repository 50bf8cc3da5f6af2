import { beforeAll, describe, expect, it } from 'vitest';
import { listWorklist } from '../../server/supervisor/abandoned/abandoned.repository';
import { body } from '../setup/app';
import { eventually, startCallsTestbed, type CallsTestbed, type Console } from './calls-harness';

let bed: CallsTestbed;
let agent: { cookie: string; user: { id: number } };
let supervisor: { cookie: string; user: { id: number } };
let desk: Console;

const worklist = async (cookie = agent.cookie) => {
  const res = await bed.t.fetch('/api/abandoned', { cookie });
  expect(res.status).toBe(200);
  return (await body(res)).items as Array<{ number: string; attempts: number; callbackAttempts: number; queue: string; carriedOver: boolean }>;
};
const entry = async (number: string) => (await worklist()).find((i) => i.number === number);
const missed = (from: string) => bed.sim.placeCall({ from, queue: 'support', ringMs: 60_000, abandonAfterMs: 300 });
const ended = (callId: string) =>
  eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [callId]))[0], 'the call in the log');

beforeAll(async () => {
  bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001'] }] }, { worklistNotifyDelayMs: 50 });
  agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
  supervisor = await bed.t.login({ role: 'supervisor' });
  desk = await bed.open(agent.cookie);
});

describe('the abandoned-caller worklist', () => {
  it('when one number hangs up in the queue twice, then it is one entry with two attempts, and staff consoles are told the list changed', async () => {
    const first = missed('+380671110001');
    await ended(first.callId);
    const second = missed('0671110001');
    await ended(second.callId);
    await desk.next('worklist:changed');
    const found = await entry('+380671110001');
    expect(found).toMatchObject({ number: '+380671110001', attempts: 2, queue: 'support', callbackAttempts: 0, carriedOver: false });
    expect((await worklist(supervisor.cookie)).map((i) => i.number)).toContain('+380671110001');
  });

  it('when the same number later calls and is answered, then it leaves the list; a new hang-up after that brings it back with one attempt', async () => {
    const lost = missed('+380671110002');
    await ended(lost.callId);
    expect(await entry('+380671110002')).toBeTruthy();
    const answered = bed.sim.placeCall({ from: '+380671110002', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 100, talkMs: 300 });
    await ended(answered.callId);
    expect(await entry('+380671110002')).toBeUndefined();
    const again = missed('+380671110002');
    await ended(again.callId);
    expect(await entry('+380671110002')).toMatchObject({ attempts: 1 });
  });

  it('when a click-to-call to the number is answered by the citizen, then it leaves the list and the agent still records "reached"', async () => {
    const lost = missed('+380671110003');
    await ended(lost.callId);
    bed.sim.setCitizenBehaviour(() => ({ outcome: 'answer', ringMs: 100, talkMs: 300 }));
    // Another agent, outside the queue: the first one may still be wrapping up the answered call above.
    const caller = await bed.t.login({ role: 'agent', interface: 'PJSIP/1002' });
    const res = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: caller.cookie, json: { number: '+380671110003' } });
    expect(res.status).toBe(202);
    const { callId } = await body(res);
    await eventually(async () => (await bed.t.db.dataSource.query(`SELECT 1 FROM calls WHERE id = $1 AND outcome = 'answered' AND ended_at IS NOT NULL`, [callId]))[0], 'the callback answered');
    expect(await entry('+380671110003')).toBeUndefined();
    const outcome = await bed.t.fetch('/api/abandoned/outcomes', { method: 'POST', cookie: agent.cookie, json: { number: '+380671110003', outcome: 'reached', callId } });
    expect(outcome.status).toBe(201);
    expect(await body(outcome)).toMatchObject({ number: '+380671110003', outcome: 'reached', callId, by: { id: agent.user.id } });
    expect(caller.user.id).not.toBe(agent.user.id);
    const twice = await bed.t.fetch('/api/abandoned/outcomes', { method: 'POST', cookie: agent.cookie, json: { number: '+380671110003', outcome: 'reached' } });
    expect(twice.status).toBe(404);
    expect((await body(twice)).error.code).toBe('not_on_worklist');
  });

  it('when the callback is not answered, then "no answer" keeps the entry and counts the attempt; "wrong number" removes it', async () => {
    const lost = missed('+380671110004');
    await ended(lost.callId);
    const noAnswer = await bed.t.fetch('/api/abandoned/outcomes', { method: 'POST', cookie: supervisor.cookie, json: { number: '0671110004', outcome: 'no_answer' } });
    expect(noAnswer.status).toBe(201);
    expect(await entry('+380671110004')).toMatchObject({ attempts: 1, callbackAttempts: 1 });
    const wrong = await bed.t.fetch('/api/abandoned/outcomes', { method: 'POST', cookie: agent.cookie, json: { number: '+380671110004', outcome: 'wrong_number' } });
    expect(wrong.status).toBe(201);
    expect(await entry('+380671110004')).toBeUndefined();
    const [row] = await bed.t.db.dataSource.query(`SELECT user_id, outcome FROM abandoned_outcomes WHERE phone = '+380671110004' ORDER BY id DESC LIMIT 1`);
    expect(row).toEqual({ user_id: agent.user.id, outcome: 'wrong_number' });
  });

  it('when the worklist is read, then the read is audited; executors and officials are refused; bad outcomes are 400', async () => {
    await worklist();
    const [audited] = await bed.t.db.dataSource.query(`SELECT action, user_id FROM audit_log WHERE entity = 'abandoned_worklist' ORDER BY id DESC LIMIT 1`);
    expect(audited).toEqual({ action: 'read', user_id: agent.user.id });
    for (const role of [{ role: 'executor' as const, executor: 'WATER' }, { role: 'official' as const }]) {
      const other = await bed.t.login(role);
      expect((await bed.t.fetch('/api/abandoned', { cookie: other.cookie })).status).toBe(403);
      expect((await bed.t.fetch('/api/abandoned/outcomes', { method: 'POST', cookie: other.cookie, json: { number: '+380671110001', outcome: 'reached' } })).status).toBe(403);
    }
    expect((await bed.t.fetch('/api/abandoned')).status).toBe(401);
    const bad = await bed.t.fetch('/api/abandoned/outcomes', { method: 'POST', cookie: agent.cookie, json: { number: '+380671110001', outcome: 'maybe' } });
    expect(bad.status).toBe(400);
    expect((await body(bad)).error.fields).toHaveProperty('outcome');
  });
});

describe('carried over to the next day (Europe/Kyiv)', () => {
  it('when a caller hung up before Kyiv midnight and nobody called back, then the next day the entry is still there, marked carried over; one after midnight is today\'s', async () => {
    const ds = bed.t.db.dataSource;
    // 23:50 Kyiv on 14 January is 21:50 UTC; 00:10 Kyiv on 15 January is 22:10 UTC on the 14th.
    await ds.query(`INSERT INTO calls (id, caller_number, queue, direction, queued_at, ended_at, outcome)
                    VALUES ('late-1', '+380671119001', 'support', 'in', '2026-01-14T21:50:00Z', '2026-01-14T21:51:00Z', 'abandoned'),
                           ('early-1', '+380671119002', 'support', 'in', '2026-01-14T22:10:00Z', '2026-01-14T22:11:00Z', 'unanswered')`);
    const morning = new Date('2026-01-15T07:00:00Z');
    const rows = await listWorklist(ds, morning);
    const byNumber = Object.fromEntries(rows.map((r) => [r.phone, r]));
    expect(byNumber['+380671119001']).toMatchObject({ carriedOver: true, attempts: 1 });
    expect(byNumber['+380671119002']).toMatchObject({ carriedOver: false, attempts: 1 });
    const weekLater = await listWorklist(ds, new Date('2026-01-22T07:00:00Z'));
    expect(weekLater.map((r) => r.phone)).toEqual(expect.arrayContaining(['+380671119001', '+380671119002']));
  });
});
