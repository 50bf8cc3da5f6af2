import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { eventually, seedCitizen, startCallsTestbed, waitFor, type CallsTestbed, type Console } from './calls-harness';

let bed: CallsTestbed;
let agent: { cookie: string; user: { id: number } };
let other: { cookie: string; user: { id: number } };
let supervisor: { cookie: string; user: { id: number } };
let citizen: Awaited<ReturnType<typeof seedCitizen>>;
let stranger: Awaited<ReturnType<typeof seedCitizen>>;
let console1: Console;
const PHONE = '+380661112233';

const member = (iface: string) => bed.telephony.snapshot().queues[0]?.members.find((m) => m.interface === iface);

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 3 });
  agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
  other = await bed.t.login({ role: 'agent', interface: 'PJSIP/1002' });
  supervisor = await bed.t.login({ role: 'supervisor' });
  citizen = await seedCitizen(bed.t, PHONE);
  stranger = await seedCitizen(bed.t, '+380669990000', { fullName: 'Інший Громадянин' });
  console1 = await bed.open(agent.cookie);
});

/** A call from PHONE that PJSIP/1001 answers; resolves once the console knows it is answered. */
async function answeredCall() {
  const placed = bed.sim.placeCall({ from: PHONE, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 60_000 });
  await console1.next('call:answered', (c) => c.callId === placed.callId);
  return placed;
}

describe('pause and resume', () => {
  it('when the agent pauses for lunch over the socket, then the PBX pauses the member and the snapshot says paused (lunch)', async () => {
    const ack = await console1.socket.timeout(5000).emitWithAck('agent:pause', { paused: true, reason: 'lunch' });
    expect(ack).toEqual({ ok: true });
    expect(await console1.next('agent:snapshot', (s) => s.state === 'paused')).toMatchObject({ state: 'paused', pausedReason: 'lunch' });
    expect(member('PJSIP/1001')).toMatchObject({ paused: true, pausedReason: 'lunch' });
    expect(await console1.socket.timeout(5000).emitWithAck('agent:pause', { paused: false })).toEqual({ ok: true });
    expect(await console1.next('agent:snapshot', (s) => s.state === 'available')).toMatchObject({ pausedReason: null });
  });

  it('when the pause is changed elsewhere (the phone), then the console is told', async () => {
    await bed.telephony.pause('PJSIP/1001', true, 'training');
    expect(await console1.next('agent:snapshot', (s) => s.pausedReason === 'training')).toMatchObject({ state: 'paused' });
    await bed.telephony.pause('PJSIP/1001', false);
    await console1.next('agent:snapshot', (s) => s.state === 'available');
  });

  it('when a supervisor forces a pause, then the agent is paused; an agent may not do it to a colleague', async () => {
    const forced = await bed.t.fetch(`/api/agents/${agent.user.id}/pause`, { method: 'POST', cookie: supervisor.cookie, json: { paused: true, reason: 'training' } });
    expect(forced.status).toBe(200);
    await console1.next('agent:snapshot', (s) => s.state === 'paused' && s.pausedReason === 'training');
    expect((await bed.t.fetch(`/api/agents/${agent.user.id}/pause`, { method: 'POST', cookie: other.cookie, json: { paused: false } })).status).toBe(403);
    expect((await bed.t.fetch(`/api/agents/${agent.user.id}/pause`, { method: 'POST', json: { paused: false } })).status).toBe(401);
    expect((await bed.t.fetch(`/api/agents/${agent.user.id}/pause`, { method: 'POST', cookie: supervisor.cookie, json: { paused: true } })).status).toBe(400);
    expect((await bed.t.fetch('/api/agents/99999/pause', { method: 'POST', cookie: supervisor.cookie, json: { paused: false } })).status).toBe(404);
    expect((await bed.t.fetch(`/api/agents/${agent.user.id}/pause`, { method: 'POST', cookie: supervisor.cookie, json: { paused: false } })).status).toBe(200);
    await console1.next('agent:snapshot', (s) => s.state === 'available');
  });

  it('when the reason is unknown, the user has no interface, or the role is not an agent, then the ack says why', async () => {
    expect(await console1.socket.timeout(5000).emitWithAck('agent:pause', { paused: true, reason: 'nap' as 'lunch' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const bare = await bed.open((await bed.t.login({ role: 'agent' })).cookie);
    expect(await bare.socket.timeout(5000).emitWithAck('agent:pause', { paused: true, reason: 'break' })).toMatchObject({ ok: false, error: { code: 'no_interface' } });
    const official = await bed.open((await bed.t.login({ role: 'official', interface: 'PJSIP/1003' })).cookie);
    expect(await official.socket.timeout(5000).emitWithAck('agent:pause', { paused: true, reason: 'break' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    bare.close();
    official.close();
  });
});

describe('wrap-up', () => {
  it('when an answered call ends, then the agent is in wrap-up (held in the PBX) until the call is classified', async () => {
    const placed = await answeredCall();
    bed.sim.hangup(placed.channel);
    await console1.next('call:ended', (c) => c.callId === placed.callId);
    await waitFor(() => member('PJSIP/1001')?.paused, 'the wrap-up hold');
    const reload = await bed.open(agent.cookie);
    expect(reload.named('agent:snapshot')[0]).toMatchObject({ state: 'wrap_up', pausedReason: null, call: { callId: placed.callId, state: 'ended' } });
    reload.close();

    const missingTopic = await bed.t.fetch(`/api/calls/${placed.callId}/wrap-up`, { method: 'POST', cookie: agent.cookie, json: { kind: 'consultation' } });
    expect(missingTopic.status).toBe(400);
    const notTheirs = await bed.t.fetch(`/api/calls/${placed.callId}/wrap-up`, { method: 'POST', cookie: agent.cookie, json: { kind: 'attached', requestId: stranger.open.id } });
    expect(notTheirs.status).toBe(409);
    expect((await bed.t.fetch(`/api/calls/${placed.callId}/wrap-up`, { method: 'POST', cookie: other.cookie, json: { kind: 'attached', requestId: citizen.open.id } })).status).toBe(403);
    expect((await bed.t.fetch(`/api/calls/${placed.callId}/wrap-up`, { method: 'POST', json: { kind: 'attached', requestId: citizen.open.id } })).status).toBe(401);
    const official = await bed.t.login({ role: 'official' });
    expect((await bed.t.fetch(`/api/calls/${placed.callId}/wrap-up`, { method: 'POST', cookie: official.cookie, json: { kind: 'attached', requestId: citizen.open.id } })).status).toBe(403);
    expect((await bed.t.fetch('/api/calls/nope/wrap-up', { method: 'POST', cookie: agent.cookie, json: { kind: 'attached', requestId: citizen.open.id } })).status).toBe(404);

    const res = await bed.t.fetch(`/api/calls/${placed.callId}/wrap-up`, { method: 'POST', cookie: agent.cookie, json: { kind: 'attached', requestId: citizen.open.id } });
    expect(res.status).toBe(200);
    await console1.next('agent:snapshot', (s) => s.state === 'available' && s.call === null);
    await waitFor(() => member('PJSIP/1001')?.paused === false, 'the hold lifted');
    const [row] = await bed.t.db.dataSource.query('SELECT wrap_up_kind, citizen_id FROM calls WHERE id = $1', [placed.callId]);
    expect(row).toEqual({ wrap_up_kind: 'attached', citizen_id: citizen.citizenId });
    const links = await bed.t.db.dataSource.query('SELECT request_id FROM call_requests WHERE call_id = $1', [placed.callId]);
    expect(links).toEqual([{ request_id: citizen.open.id }]);
  });

  it('when a request is registered with the callId during the call, then the call ends without a wrap-up hold', async () => {
    const placed = await answeredCall();
    const created = await bed.t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizenId: citizen.citizenId, topicCode: citizen.topicCode, description: 'Немає опалення у квартирі', source: 'call', callId: placed.callId },
    });
    expect(created.status).toBe(201);
    const request = await body(created);
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND wrap_up_kind = $2', [placed.callId, 'request']))[0], 'the link');
    bed.sim.hangup(placed.channel);
    await console1.next('call:ended', (c) => c.callId === placed.callId);
    const reload = await bed.open(agent.cookie);
    expect(reload.named('agent:snapshot')[0]).toMatchObject({ state: 'available', call: null });
    expect(member('PJSIP/1001')?.paused).toBe(false);
    reload.close();
    // The console still confirms the classification it showed; that is accepted and changes nothing.
    const confirm = await bed.t.fetch(`/api/calls/${placed.callId}/wrap-up`, { method: 'POST', cookie: agent.cookie, json: { kind: 'request', requestId: request.id } });
    expect(confirm.status).toBe(200);
    expect(await bed.t.db.dataSource.query('SELECT request_id FROM call_requests WHERE call_id = $1', [placed.callId])).toEqual([{ request_id: request.id }]);
  });

  it('when the agent asks for their calls, then the classified calls are listed newest first', async () => {
    const res = await bed.t.fetch('/api/calls/mine', { cookie: agent.cookie });
    expect(res.status).toBe(200);
    const { items } = await body(res);
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items[0]).toMatchObject({ callerNumber: PHONE, outcome: 'answered', wrapUp: { kind: 'request' }, citizen: { id: citizen.citizenId } });
    expect(items[1]).toMatchObject({ wrapUp: { kind: 'attached', requestId: citizen.open.id } });
    expect((await bed.t.fetch('/api/calls/mine')).status).toBe(401);
    const executorish = await bed.t.login({ role: 'official' });
    expect((await bed.t.fetch('/api/calls/mine', { cookie: executorish.cookie })).status).toBe(403);
  });
});
