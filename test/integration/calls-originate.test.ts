import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { eventually, seedCitizen, startCallsTestbed, waitFor, type CallsTestbed } from './calls-harness';

let bed: CallsTestbed;
let agent: { cookie: string; user: { id: number } };
const dialled: string[] = [];

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 3, dial: (channel) => (dialled.push(channel), { answer: true, afterMs: 50 }) });
  agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
});

describe('click-to-call', () => {
  it("when an agent calls a citizen back, then the PBX rings the agent's own phone and the call is logged as outgoing", async () => {
    const citizen = await seedCitizen(bed.t, '+380675550011');
    const res = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number: '067 555 00 11', requestId: citizen.open.id } });
    expect(res.status).toBe(202);
    const { callId } = await body(res);
    await waitFor(() => dialled.length > 0, 'the origination');
    expect(dialled).toEqual(['PJSIP/1001']);
    const row = await eventually(async () => (await bed.t.db.dataSource.query('SELECT * FROM calls WHERE id = $1 AND answered_at IS NOT NULL', [callId]))[0], 'the answered leg');
    expect(row).toMatchObject({ direction: 'out', caller_number: '+380675550011', agent_user_id: agent.user.id, interface: 'PJSIP/1001', citizen_id: citizen.citizenId });
    expect(await bed.t.db.dataSource.query('SELECT request_id FROM call_requests WHERE call_id = $1', [callId])).toEqual([{ request_id: citizen.open.id }]);
    expect(bed.telephony.snapshot().calls.map((c) => c.callId)).toContain(callId);
  });

  it('when the number is not a phone number, the agent has no phone, or the role may not, then 400, 409, 403 and 401', async () => {
    expect((await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number: 'abc' } })).status).toBe(400);
    const bare = await bed.t.login({ role: 'agent' });
    const noPhone = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: bare.cookie, json: { number: '0671234567' } });
    expect(noPhone.status).toBe(409);
    expect((await body(noPhone)).error.code).toBe('no_interface');
    const official = await bed.t.login({ role: 'official', interface: 'PJSIP/1002' });
    expect((await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: official.cookie, json: { number: '0671234567' } })).status).toBe(403);
    expect((await bed.t.fetch('/api/calls/originate', { method: 'POST', json: { number: '0671234567' } })).status).toBe(401);
  });

  it('when the PBX link is down, then 503 and nothing is logged', async () => {
    bed.sim.setOffline(true);
    try {
      await waitFor(() => bed.telephony.status().state !== 'connected', 'the link down');
      const before = (await bed.t.db.dataSource.query('SELECT count(*)::int AS n FROM calls'))[0].n;
      const res = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number: '0671234567' } });
      expect(res.status).toBe(503);
      expect((await body(res)).error.code).toBe('telephony_unavailable');
      expect((await bed.t.db.dataSource.query('SELECT count(*)::int AS n FROM calls'))[0].n).toBe(before);
    } finally {
      bed.sim.setOffline(false);
    }
  });
});

describe('click-to-call on the agent\'s desk', () => {
  let caller: { cookie: string; user: { id: number } };
  let desk: Awaited<ReturnType<CallsTestbed['open']>>;
  beforeAll(async () => {
    caller = await bed.t.login({ role: 'agent', interface: 'Local/1003@from-queue/n' });
    desk = await bed.open(caller.cookie);
  });
  const originate = async (number: string) => {
    const res = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: caller.cookie, json: { number } });
    expect(res.status).toBe(202);
    return (await body(res)).callId as string;
  };
  const classify = async (callId: string) => {
    const [{ code }] = await bed.t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL LIMIT 1');
    expect((await bed.t.fetch(`/api/calls/${callId}/wrap-up`, { method: 'POST', cookie: caller.cookie, json: { kind: 'consultation', topicCode: code } })).status).toBe(200);
  };
  const logged = (callId: string) =>
    eventually(async () => (await bed.t.db.dataSource.query('SELECT outcome, talk_seconds, answered_at, ended_at FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [callId]))[0], 'the call closed in the log');

  it('when the citizen answers and talks, then the desk goes dialling → ringing → talking → ended, and talk counts from the citizen\'s answer', async () => {
    bed.sim.setCitizenBehaviour(() => ({ outcome: 'answer', ringMs: 700, talkMs: 1500 }));
    const seeded = await seedCitizen(bed.t, '+380675550022');
    const callId = await originate('0675550022');
    const dialling = await desk.next('agent:snapshot', (s) => s.call?.callId === callId);
    expect(dialling).toMatchObject({ state: 'in_call', call: { direction: 'out', state: 'dialling', callerNumber: '+380675550022', card: { citizen: { id: seeded.citizenId } } } });
    await desk.next('agent:snapshot', (s) => s.call?.callId === callId && s.call.state === 'ringing');
    await desk.next('call:answered', (c) => c.callId === callId);
    const ended = await desk.next('call:ended', (c) => c.callId === callId);
    expect(ended).toMatchObject({ outcome: 'answered' });
    expect(ended.talkSeconds).toBeGreaterThanOrEqual(1);
    expect(ended.talkSeconds).toBeLessThanOrEqual(2);
    // It reached the citizen: classified like any other call (OUTBOUND_WRAP_UP), then the agent is free.
    expect(await desk.next('agent:snapshot', (s) => s.call?.state === 'ended')).toMatchObject({ state: 'wrap_up' });
    expect(await logged(callId)).toMatchObject({ outcome: 'answered', talk_seconds: ended.talkSeconds });
    await classify(callId);
    expect(await desk.next('agent:snapshot', (s) => s.call === null)).toMatchObject({ state: 'available' });
  });

  it('when the citizen is busy, then the agent sees "busy" and the log says busy with no talk', async () => {
    bed.sim.setCitizenBehaviour(() => ({ outcome: 'busy', ringMs: 100 }));
    const callId = await originate('0675550033');
    expect(await desk.next('call:ended', (c) => c.callId === callId)).toMatchObject({ outcome: 'busy', talkSeconds: null });
    expect(await logged(callId)).toMatchObject({ outcome: 'busy', talk_seconds: null, answered_at: null });
  });

  it('when the citizen does not answer, then the outcome is no_answer', async () => {
    bed.sim.setCitizenBehaviour(() => ({ outcome: 'no_answer', ringMs: 300 }));
    const callId = await originate('0675550044');
    expect(await desk.next('call:ended', (c) => c.callId === callId)).toMatchObject({ outcome: 'no_answer' });
    expect(await logged(callId)).toMatchObject({ outcome: 'no_answer', talk_seconds: null });
  });

  it("when the agent's own phone does not pick up, then the screen says so and the call is logged failed", async () => {
    bed.sim.setDialBehaviour(() => ({ answer: false, afterMs: 100, outcome: 'no_answer' }));
    try {
      const callId = await originate('0675550055');
      expect(await desk.next('call:ended', (c) => c.callId === callId)).toMatchObject({ outcome: 'failed', reason: 'agent_phone_unanswered' });
      expect(await logged(callId)).toMatchObject({ outcome: 'failed' });
    } finally {
      bed.sim.setDialBehaviour(() => ({ answer: true, afterMs: 50 }));
    }
  });

  it('when the agent is already on a call, then a second click-to-call is refused with 409; the agent hangs up from the console', async () => {
    bed.sim.setCitizenBehaviour(() => ({ outcome: 'answer', ringMs: 100, talkMs: 600_000 }));
    const callId = await originate('0675550066');
    await desk.next('call:answered', (c) => c.callId === callId);
    const again = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: caller.cookie, json: { number: '0675550077' } });
    expect(again.status).toBe(409);
    expect((await body(again)).error.code).toBe('agent_busy');
    expect((await bed.t.fetch(`/api/calls/${callId}/hangup`, { method: 'POST', cookie: agent.cookie })).status).toBe(404);
    expect((await bed.t.fetch(`/api/calls/${callId}/hangup`, { method: 'POST', cookie: caller.cookie })).status).toBe(202);
    expect(await desk.next('call:ended', (c) => c.callId === callId)).toMatchObject({ outcome: 'answered' });
    expect(await logged(callId)).toMatchObject({ outcome: 'answered' });
    await classify(callId);
  });

  it('when a queue call is ringing at the agent, then click-to-call is refused too', async () => {
    const placed = bed.sim.placeCall({ from: '+380675550088', queue: 'support', answeredBy: 'PJSIP/1003', ringMs: 60_000 });
    await desk.next('call:offered', (c) => c.callId === placed.callId);
    const res = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: caller.cookie, json: { number: '0675550099' } });
    expect(res.status).toBe(409);
    bed.sim.hangup(placed.channel);
    await desk.next('call:retracted', (c) => c.callId === placed.callId);
  });
});
