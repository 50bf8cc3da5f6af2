import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { eventually, seedCitizen, startCallsTestbed, waitFor, type CallsTestbed } from './calls-harness';

let bed: CallsTestbed;
let agent: { cookie: string; user: { id: number } };
const dialled: string[] = [];

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 2, dial: (channel) => (dialled.push(channel), { answer: true, afterMs: 50 }) });
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
