import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { connectConsole, eventually, startCallsTestbed, type CallsTestbed, type Console } from './calls-harness';

/**
 * Listen, whisper, barge (issue 23 item 4) against the simulator over AMI: the supervisor's own phone is
 * originated into ChanSpy on the agent's leg; the agent sees the badge (COACHING_VISIBLE); each session is
 * audited with its duration; a supervisor's phone that does not answer; an agent who hangs up meanwhile.
 */
let bed: CallsTestbed;
let agent: { cookie: string; user: { id: number }; desk: Console };
let supervisor: { cookie: string; user: { id: number } };
const spies: Array<{ name: string; data: string }> = [];

beforeAll(async () => {
  // PJSIP/1009 is a supervisor's phone that never answers.
  bed = await startCallsTestbed({ agents: 2, dial: (channel) => (channel.startsWith('PJSIP/1009') ? { answer: false, outcome: 'no_answer', afterMs: 300 } : { answer: true, afterMs: 100 }) });
  const a = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
  agent = { ...a, desk: await bed.open(a.cookie) };
  supervisor = await bed.t.login({ role: 'supervisor', interface: 'PJSIP/1008' });
  bed.sim.onEvent((name, fields) => {
    if (name === 'ChanSpyStart' || name === 'ChanSpyStop') spies.push({ name, data: fields.map(([k, v]) => `${k}=${v}`).join(' ') });
  });
});

const post = (path: string, cookie: string, json?: unknown) => bed.t.fetch(path, { method: 'POST', cookie, json });
const audits = () => bed.t.db.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'coach' ORDER BY id`) as Promise<Array<{ detail: Record<string, unknown> }>>;

async function answered(from: string) {
  const placed = bed.sim.placeCall({ from, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 120_000 });
  await agent.desk.next('call:answered', (c) => c.callId === placed.callId);
  return placed;
}

async function classify(callId: string) {
  const [topic] = await bed.t.db.dataSource.query('SELECT code FROM topics LIMIT 1');
  await post(`/api/calls/${callId}/wrap-up`, agent.cookie, { kind: 'consultation', topicCode: topic.code });
}

describe('listen, whisper, barge', () => {
  it('when a supervisor listens, switches to whisper and stops, then ChanSpy runs on the agent\'s leg, the agent sees it, and the audit has the session with its duration', async () => {
    const placed = await answered('+380661240001');
    const res = await post('/api/supervisor/spy', supervisor.cookie, { agentUserId: agent.user.id, mode: 'listen' });
    expect(res.status).toBe(202);
    const { sessionId } = await body(res);
    expect(await agent.desk.next('coach:started')).toEqual({ sessionId, mode: 'listen' });
    await eventually(async () => spies.find((s) => s.name === 'ChanSpyStart' && s.data.includes('SpyeeChannel=PJSIP/1001')) ?? null, 'ChanSpyStart on the agent');
    const switched = await post(`/api/supervisor/spy/${sessionId}`, supervisor.cookie, { mode: 'whisper' });
    expect(switched.status).toBe(200);
    expect(await agent.desk.next('coach:started', (e) => e.mode === 'whisper')).toEqual({ sessionId, mode: 'whisper' });
    expect((await bed.t.fetch(`/api/supervisor/spy/${sessionId}`, { method: 'DELETE', cookie: supervisor.cookie })).status).toBe(204);
    expect(await agent.desk.next('coach:ended')).toEqual({ sessionId, mode: 'whisper' });
    const [audit] = (await audits()).filter((r) => r.detail.sessionId === sessionId);
    expect(audit?.detail).toMatchObject({ agentUserId: agent.user.id, mode: 'whisper', reason: 'stopped', durationSeconds: expect.any(Number) });
    bed.sim.hangup(placed.channel);
    await agent.desk.next('call:ended', (c) => c.callId === placed.callId);
    await classify(placed.callId);
  });

  it("when a supervisor listens, then their own console follows the session (ringing their phone, listening since, the new mode, ended and why) and a reloaded page gets it back", async () => {
    const desk = connectConsole(bed.t.baseUrl, supervisor.cookie);
    await desk.next('agents:grid');
    const placed = await answered('+380661240004');
    const { sessionId } = await body(await post('/api/supervisor/spy', supervisor.cookie, { agentUserId: agent.user.id, mode: 'listen' }));
    const mine = { sessionId, agentUserId: agent.user.id };
    expect((await desk.next('coach:session', (e) => e.session?.since === null)).session).toEqual({ ...mine, mode: 'listen', since: null });
    const listening = await desk.next('coach:session', (e) => e.session?.since);
    expect(listening.session).toEqual({ ...mine, mode: 'listen', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(await body(await bed.t.fetch('/api/supervisor/spy', { cookie: supervisor.cookie }))).toEqual(listening);

    await post(`/api/supervisor/spy/${sessionId}`, supervisor.cookie, { mode: 'barge' });
    expect((await desk.next('coach:session', (e) => e.session?.mode === 'barge')).session).toEqual({ ...listening.session, mode: 'barge' });
    bed.sim.hangup(placed.channel);
    expect(await desk.next('coach:session', (e) => e.session === null)).toEqual({ session: null, reason: 'hung_up' });
    expect(await body(await bed.t.fetch('/api/supervisor/spy', { cookie: supervisor.cookie }))).toEqual({ session: null });
    expect((await bed.t.fetch('/api/supervisor/spy', { cookie: agent.cookie })).status).toBe(403);
    expect(agent.desk.named('coach:session')).toEqual([]);
    desk.close();
    await agent.desk.next('call:ended', (c) => c.callId === placed.callId);
    await classify(placed.callId);
  });

  it('when the agent hangs up while the supervisor listens, then the session ends and is audited', async () => {
    const placed = await answered('+380661240002');
    const { sessionId } = await body(await post('/api/supervisor/spy', supervisor.cookie, { agentUserId: agent.user.id, mode: 'barge' }));
    await agent.desk.next('coach:started', (e) => e.sessionId === sessionId);
    bed.sim.hangup(placed.channel);
    expect(await agent.desk.next('coach:ended', (e) => e.sessionId === sessionId)).toMatchObject({ mode: 'barge' });
    await eventually(async () => (await audits()).find((r) => r.detail.sessionId === sessionId && r.detail.reason === 'hung_up') ?? null, 'the session audited');
    await classify(placed.callId);
  });

  it("when the supervisor's phone does not answer, or the request is not allowed, then nothing is heard and the answer says why", async () => {
    const placed = await answered('+380661240003');
    const deaf = await bed.t.login({ role: 'supervisor', interface: 'PJSIP/1009' });
    const { sessionId } = await body(await post('/api/supervisor/spy', deaf.cookie, { agentUserId: agent.user.id, mode: 'listen' }));
    await eventually(async () => (await audits()).find((r) => r.detail.sessionId === sessionId && r.detail.reason === 'supervisor_no_answer') ?? null, 'the unanswered session audited');
    expect(agent.desk.named('coach:started').some((e) => e.sessionId === sessionId)).toBe(false);
    expect((await post('/api/supervisor/spy', agent.cookie, { agentUserId: agent.user.id, mode: 'listen' })).status).toBe(403);
    for (const bad of [{}, { agentUserId: agent.user.id, mode: 'shout' }, { agentUserId: 'x', mode: 'listen' }]) {
      const res = await post('/api/supervisor/spy', supervisor.cookie, bad);
      expect(res.status).toBe(400);
      expect(await body(res)).toMatchObject({ error: { code: 'invalid_input' } });
    }
    const idle = await bed.t.login({ role: 'agent', interface: 'PJSIP/1002' });
    const refused = await post('/api/supervisor/spy', supervisor.cookie, { agentUserId: idle.user.id, mode: 'listen' });
    expect(refused.status).toBe(409);
    expect(await body(refused)).toMatchObject({ error: { code: 'agent_not_on_call' } });
    expect((await bed.t.fetch('/api/supervisor/spy/5b6b3d1e-2f9a-4c59-a0a4-0d3f6d1a2b3c', { method: 'DELETE', cookie: supervisor.cookie })).status).toBe(404);
    bed.sim.hangup(placed.channel);
    await agent.desk.next('call:ended', (c) => c.callId === placed.callId);
    await classify(placed.callId);
  });
});
