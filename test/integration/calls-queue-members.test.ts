import { describe, expect, it } from 'vitest';
import { eventually, seedCitizen, startCallsTestbed, waitFor } from './calls-harness';

const LOGIN = { queueLogin: 'pause' as const, agentQueues: [], queueLogoutGraceMs: 300 };
const memberOf = (bed: Awaited<ReturnType<typeof startCallsTestbed>>, iface: string) =>
  bed.telephony.snapshot().queues.flatMap((q) => q.members).find((m) => m.interface === iface);

describe('agents named as the queue names them', () => {
  it('when an agent is registered with Local/1001@agents/n and the queue has that Local member, then they get the pop; a second user on device 1001 is refused', async () => {
    const bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['Local/1001@agents/n'] }] });
    const { cookie, user } = await bed.t.login({ role: 'agent', interface: 'Local/1001@agents/n' });
    expect((user as { interface?: string }).interface).toBe('PJSIP/1001');
    const agent = await bed.open(cookie);
    const placed = bed.sim.placeCall({ from: '+380671110001', queue: 'support', ringMs: 60_000 });
    expect(await agent.next('call:offered', (c) => c.callId === placed.callId)).toMatchObject({ callerNumber: '+380671110001' });
    for (const same of ['PJSIP/1001', 'SIP/1001', 'Local/1001@from-queue/n']) {
      await expect(bed.t.login({ role: 'agent', interface: same })).rejects.toThrow(/device 1001/);
    }
    bed.sim.hangup(placed.channel);
  });
});

describe('members changed in Asterisk', () => {
  it('when app_queue is reloaded with a new member, then the supervisors see it without a reconnect', async () => {
    const bed = await startCallsTestbed({ agents: 1 }, { calls: { queuesIntervalMs: 50 } });
    const sup = await bed.open((await bed.t.login({ role: 'supervisor' })).cookie);
    await sup.next('queues:snapshot');
    bed.sim.reloadQueues([{ name: 'support', members: ['PJSIP/1001', 'PJSIP/1005'] }]);
    const after = await sup.next('queues:snapshot', (s) => s.queues[0].members.length === 2);
    expect(after.queues[0].members.map((m: { interface: string }) => m.interface)).toEqual(['PJSIP/1001', 'PJSIP/1005']);
  });

  it('when `queue reload all` changes members without any event, then the periodic QueueStatus picks it up', async () => {
    const bed = await startCallsTestbed({ agents: 2 }, { calls: { queuesIntervalMs: 50 } }, { queueRefreshMs: 300 });
    const sup = await bed.open((await bed.t.login({ role: 'supervisor' })).cookie);
    await sup.next('queues:snapshot', (s) => s.queues[0].members.length === 2);
    bed.sim.reloadQueues([{ name: 'support', members: ['PJSIP/1002'] }], { announce: false });
    const after = await sup.next('queues:snapshot', (s) => s.queues[0].members.length === 1);
    expect(after.queues[0].members[0].interface).toBe('PJSIP/1002');
  });
});

describe('agents in and out of the queues with their console (QUEUE_LOGIN=pause)', () => {
  it('when no console is open, then the member is paused offline and not rung; opening the console logs in; closing it logs out', async () => {
    const bed = await startCallsTestbed({ agents: 2 }, { calls: { queueLogin: LOGIN } });
    const { cookie } = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
    // The resync after start found nobody at their console.
    await bed.telephony.pause('PJSIP/1001', true, 'offline');
    const agent = await bed.open(cookie);
    await waitFor(() => memberOf(bed, 'PJSIP/1001')?.paused === false, 'logged in to the queue');
    expect(await agent.next('agent:snapshot', (s) => s.state === 'available')).toBeTruthy();

    const stepOut = await agent.socket.timeout(5000).emitWithAck('agent:queue', { loggedIn: false });
    expect(stepOut).toEqual({ ok: true });
    expect(await agent.next('agent:snapshot', (s) => s.state === 'offline')).toMatchObject({ pausedReason: 'offline' });
    expect(await agent.socket.timeout(5000).emitWithAck('agent:queue', { loggedIn: true })).toEqual({ ok: true });
    await agent.next('agent:snapshot', (s) => s.state === 'available');

    agent.close();
    await waitFor(() => memberOf(bed, 'PJSIP/1001')?.paused && memberOf(bed, 'PJSIP/1001')?.pausedReason === 'offline', 'logged out after the grace');
    await bed.telephony.pause('PJSIP/1002', true, 'break');
    const placed = bed.sim.placeCall({ from: '+380671110002', queue: 'support', ringMs: 60_000 });
    const seen = await bed.open(cookie);
    // Back at the console: logged in again, and only now may the waiting caller ring here.
    await seen.next('call:offered', (c) => c.callId === placed.callId);
    bed.sim.hangup(placed.channel);
  });

  it('when an agent closes the console during a wrap-up and comes back, then they are held for that wrap-up, not offered a call', async () => {
    const bed = await startCallsTestbed({ agents: 1 }, { calls: { queueLogin: { ...LOGIN, queueLogoutGraceMs: 100 } } });
    const { cookie } = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
    const agent = await bed.open(cookie);
    await waitFor(() => memberOf(bed, 'PJSIP/1001')?.paused === false, 'logged in');
    const placed = bed.sim.placeCall({ from: '+380671110009', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 300 });
    await agent.next('call:ended', (c) => c.callId === placed.callId);
    agent.close();
    await waitFor(() => memberOf(bed, 'PJSIP/1001')?.pausedReason === 'offline', 'out with the console');
    const back = await bed.open(cookie);
    await waitFor(() => memberOf(bed, 'PJSIP/1001')?.pausedReason === 'wrap_up', 'held for the owed wrap-up');
    expect(back.named('agent:snapshot')[0]).toMatchObject({ state: 'wrap_up', call: { callId: placed.callId } });
    const [{ code }] = await bed.t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL LIMIT 1');
    expect((await bed.t.fetch(`/api/calls/${placed.callId}/wrap-up`, { method: 'POST', cookie, json: { kind: 'consultation', topicCode: code } })).status).toBe(200);
    await waitFor(() => memberOf(bed, 'PJSIP/1001')?.paused === false, 'released once classified');
  });

  it('when the agent logs out of the console, then they leave the queues at once', async () => {
    const bed = await startCallsTestbed({ agents: 2 }, { calls: { queueLogin: { ...LOGIN, queueLogoutGraceMs: 60_000 } } });
    const { cookie } = await bed.t.login({ role: 'agent', interface: 'PJSIP/1002' });
    await bed.open(cookie);
    await waitFor(() => memberOf(bed, 'PJSIP/1002')?.paused === false, 'logged in');
    expect((await bed.t.fetch('/api/auth/logout', { method: 'POST', cookie })).status).toBe(204);
    await waitFor(() => memberOf(bed, 'PJSIP/1002')?.pausedReason === 'offline', 'logged out with the console');
  });

  it('when members are dynamic (QUEUE_LOGIN=dynamic), then the console adds the member and closing it removes it', async () => {
    const bed = await startCallsTestbed({ queues: [{ name: 'support', members: [] }] }, { calls: { queueLogin: { ...LOGIN, queueLogin: 'dynamic' } } });
    const { cookie } = await bed.t.login({ role: 'agent', interface: 'PJSIP/1007' });
    const agent = await bed.open(cookie);
    await waitFor(() => memberOf(bed, 'PJSIP/1007'), 'added to the queue');
    agent.close();
    await waitFor(() => !memberOf(bed, 'PJSIP/1007'), 'removed from the queue');
  });
});

describe('truth in the audit', () => {
  it('when a known citizen rings an agent who has no console open, then no read of their data is recorded', async () => {
    const bed = await startCallsTestbed({ agents: 1 });
    await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
    const citizen = await seedCitizen(bed.t, '+380671110003');
    const placed = bed.sim.placeCall({ from: '+380671110003', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 300 });
    await eventually(async () => (await bed.t.db.dataSource.query(`SELECT 1 FROM calls WHERE id = $1 AND ended_at IS NOT NULL AND citizen_id IS NOT NULL`, [placed.callId]))[0], 'the call logged with its citizen');
    const audits = await bed.t.db.dataSource.query(`SELECT 1 FROM audit_log WHERE entity = 'citizen' AND entity_id = $1`, [String(citizen.citizenId)]);
    expect(audits).toEqual([]);
  });
});
