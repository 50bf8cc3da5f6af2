import { describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { eventually, startCallsTestbed, waitFor, type CallsTestbed, type Console } from './calls-harness';
import { defaultOriginate } from '../../server/calls/originate.service';

const memberOf = (bed: CallsTestbed, iface: string) => bed.telephony.snapshot().queues.flatMap((q) => q.members).find((m) => m.interface === iface);

async function originate(bed: CallsTestbed, cookie: string, number: string): Promise<string> {
  const res = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie, json: { number } });
  const answer = await body(res);
  expect(res.status, JSON.stringify(answer)).toBe(202);
  return answer.callId as string;
}

async function classify(bed: CallsTestbed, cookie: string, callId: string): Promise<number> {
  const [{ code }] = await bed.t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL LIMIT 1');
  return (await bed.t.fetch(`/api/calls/${callId}/wrap-up`, { method: 'POST', cookie, json: { kind: 'consultation', topicCode: code } })).status;
}

async function agentAt(bed: CallsTestbed, iface: string): Promise<{ cookie: string; desk: Console }> {
  const { cookie } = await bed.t.login({ role: 'agent', interface: iface });
  return { cookie, desk: await bed.open(cookie) };
}

describe('after a click-to-call that reached the citizen (issue 20 item 7)', () => {
  it('when the citizen hangs up, then the agent is in wrap-up, held from the answer, and the queue offers nothing until the call is classified', async () => {
    const bed = await startCallsTestbed({ agents: 2, dial: () => ({ answer: true, afterMs: 50 }), citizens: () => ({ outcome: 'answer', ringMs: 100, talkMs: 600 }) });
    const { cookie, desk } = await agentAt(bed, 'PJSIP/1001');
    await bed.telephony.pause('PJSIP/1002', true, 'lunch');
    const callId = await originate(bed, cookie, '0675551001');
    await desk.next('call:answered', (c) => c.callId === callId);
    await waitFor(() => memberOf(bed, 'PJSIP/1001')?.pausedReason === 'wrap_up', 'held from the citizen\'s answer');
    expect(await desk.next('call:ended', (c) => c.callId === callId)).toMatchObject({ outcome: 'answered' });
    expect(await desk.next('agent:snapshot', (s) => s.state === 'wrap_up')).toMatchObject({ call: { callId, direction: 'out', state: 'ended' } });
    const waiting = bed.sim.placeCall({ from: '+380675551002', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 1000 });
    await eventually(async () => bed.telephony.snapshot().queues[0].waiting.some((w) => w.callId === waiting.callId), 'the caller waiting');
    expect(memberOf(bed, 'PJSIP/1001')).toMatchObject({ paused: true, pausedReason: 'wrap_up' });
    const busy = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie, json: { number: '0675551003' } });
    expect(busy.status).toBe(409);
    expect(await classify(bed, cookie, callId)).toBe(200);
    await desk.next('call:offered', (c) => c.callId === waiting.callId);
    bed.sim.hangup(waiting.channel);
  });

  it('when the citizen never answered, then there is nothing to classify and the agent is free at once', async () => {
    const bed = await startCallsTestbed({ agents: 1, dial: () => ({ answer: true, afterMs: 50 }), citizens: () => ({ outcome: 'busy', ringMs: 100 }) });
    const { cookie, desk } = await agentAt(bed, 'PJSIP/1001');
    const callId = await originate(bed, cookie, '0675551004');
    expect(await desk.next('call:ended', (c) => c.callId === callId)).toMatchObject({ outcome: 'busy' });
    expect(await desk.next('agent:snapshot', (s) => s.call === null)).toMatchObject({ state: 'available' });
    expect(memberOf(bed, 'PJSIP/1001')?.paused).toBe(false);
  });

  it('when OUTBOUND_WRAP_UP is off, then an answered click-to-call leaves the agent free as soon as it ends', async () => {
    const bed = await startCallsTestbed({ agents: 1, dial: () => ({ answer: true, afterMs: 50 }), citizens: () => ({ outcome: 'answer', ringMs: 100, talkMs: 300 }) }, { calls: { outboundWrapUp: false } });
    const { cookie, desk } = await agentAt(bed, 'PJSIP/1001');
    const callId = await originate(bed, cookie, '0675551005');
    await desk.next('call:ended', (c) => c.callId === callId);
    expect(await desk.next('agent:snapshot', (s) => s.call === null)).toMatchObject({ state: 'available' });
    expect(memberOf(bed, 'PJSIP/1001')?.paused).toBe(false);
  });
});

describe("a callback's outcome is its wrap-up", () => {
  it('when the agent calls an abandoned caller back and records the outcome with the call, then that classifies the call and frees the agent', async () => {
    const bed = await startCallsTestbed({ agents: 1, dial: () => ({ answer: true, afterMs: 50 }), citizens: () => ({ outcome: 'answer', ringMs: 100, talkMs: 400 }) }, { worklistNotifyDelayMs: 10 });
    const missed = bed.sim.placeCall({ from: '+380675551010', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 60_000, abandonAfterMs: 100 });
    await eventually(async () => (await bed.t.db.dataSource.query(`SELECT 1 FROM calls WHERE id = $1 AND ended_at IS NOT NULL AND outcome IN ('abandoned', 'unanswered')`, [missed.callId]))[0], 'the missed call logged', 30_000);
    const { cookie, desk } = await agentAt(bed, 'PJSIP/1001');
    const callId = await originate(bed, cookie, '0675551010');
    await desk.next('agent:snapshot', (s) => s.state === 'wrap_up' && s.call?.callId === callId);
    const res = await bed.t.fetch('/api/abandoned/outcomes', { method: 'POST', cookie, json: { number: '0675551010', outcome: 'reached', callId } });
    expect(res.status, JSON.stringify(await body(res))).toBe(201);
    await desk.next('agent:snapshot', (s) => s.call === null && s.state === 'available');
    await waitFor(() => memberOf(bed, 'PJSIP/1001')?.paused === false, 'the hold lifted');
    const [row] = await bed.t.db.dataSource.query('SELECT wrap_up_kind, wrapped_up_at FROM calls WHERE id = $1', [callId]);
    expect(row.wrap_up_kind).toBe('callback');
    expect(row.wrapped_up_at).toBeInstanceOf(Date);
  });
});

describe('a click-to-call the PBX refuses without any channel (issue 19 item 13)', () => {
  it("when the agent's phone is unregistered (OriginateResponse: Failure, no channel), then the desk is freed and the call logged failed", async () => {
    const bed = await startCallsTestbed({ agents: 1, dial: () => ({ answer: false, afterMs: 100, outcome: 'unavailable' }) });
    const { cookie, desk } = await agentAt(bed, 'PJSIP/1001');
    const callId = await originate(bed, cookie, '0675551006');
    await desk.next('agent:snapshot', (s) => s.call?.callId === callId && s.call.state === 'dialling');
    expect(await desk.next('call:ended', (c) => c.callId === callId)).toMatchObject({ outcome: 'failed', reason: 'agent_phone_unavailable' });
    expect(await desk.next('agent:snapshot', (s) => s.call === null)).toMatchObject({ state: 'available' });
    await eventually(async () => (await bed.t.db.dataSource.query(`SELECT 1 FROM calls WHERE id = $1 AND outcome = 'failed' AND ended_at IS NOT NULL`, [callId]))[0], 'logged failed and closed');
    expect((await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie, json: { number: '0675551007' } })).status).toBe(202);
  });

  it('when the PBX never answers the origination at all, then the desk is freed when the wait runs out', async () => {
    // The agent's phone rings 0.3 s by Originate's Timeout; no OriginateResponse ever comes (the wait is that + 15 s).
    const bed = await startCallsTestbed({ agents: 1, dial: () => ({ answer: false, afterMs: 600_000, outcome: 'unavailable' }) }, { calls: { originate: { ...defaultOriginate, timeoutMs: 300 } } });
    const { cookie, desk } = await agentAt(bed, 'PJSIP/1001');
    const callId = await originate(bed, cookie, '0675551010');
    await desk.next('agent:snapshot', (s) => s.call?.callId === callId && s.call.state === 'dialling');
    expect(await desk.next('call:ended', (c) => c.callId === callId, 25_000)).toMatchObject({ outcome: 'failed' });
    expect(await desk.next('agent:snapshot', (s) => s.call === null)).toMatchObject({ state: 'available' });
    await eventually(async () => (await bed.t.db.dataSource.query(`SELECT 1 FROM calls WHERE id = $1 AND outcome = 'failed' AND ended_at IS NOT NULL`, [callId]))[0], 'logged failed and closed');
  }, 45_000);

  it('when the PBX link drops before the origination is answered, then the desk is freed, not left dialling', async () => {
    const bed = await startCallsTestbed({ agents: 1, dial: () => ({ answer: false, afterMs: 600_000, outcome: 'unavailable' }) });
    const { cookie, desk } = await agentAt(bed, 'PJSIP/1001');
    const callId = await originate(bed, cookie, '0675551008');
    await desk.next('agent:snapshot', (s) => s.call?.callId === callId && s.call.state === 'dialling');
    bed.sim.dropConnections();
    expect(await desk.next('call:ended', (c) => c.callId === callId)).toMatchObject({ outcome: 'failed' });
    expect(await desk.next('agent:snapshot', (s) => s.call === null)).toMatchObject({ state: 'available' });
  });

  it('when the click-to-call ends while the PBX link is down, then the resync ends it on the desk as a click-to-call (no wrap-up with OUTBOUND_WRAP_UP off)', async () => {
    const bed = await startCallsTestbed({ agents: 1, dial: () => ({ answer: true, afterMs: 50 }), citizens: () => ({ outcome: 'answer', ringMs: 100, talkMs: 600_000 }) }, { calls: { outboundWrapUp: false } });
    const { cookie, desk } = await agentAt(bed, 'PJSIP/1001');
    const callId = await originate(bed, cookie, '0675551009');
    await desk.next('call:answered', (c) => c.callId === callId);
    const legs = bed.telephony.snapshot().calls.find((c) => c.callId === callId);
    expect(legs).toBeTruthy();
    bed.sim.setOffline(true);
    await waitFor(() => bed.telephony.status().state !== 'connected', 'the link down');
    bed.sim.hangup(callId);
    bed.sim.setOffline(false);
    expect(await desk.next('call:ended', (c) => c.callId === callId)).toMatchObject({ outcome: 'answered' });
    expect(await desk.next('agent:snapshot', (s) => s.call === null)).toMatchObject({ state: 'available' });
  });
});
