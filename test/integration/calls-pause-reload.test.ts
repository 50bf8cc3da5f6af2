import { describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { startCallsTestbed, waitFor, type CallsTestbed, type Console } from './calls-harness';

// `module reload app_queue` keeps every static member's pause but drops its reason (Asterisk 22, app_queue.c
// reload_single_member): the server must put back the pauses it owns, or lift them, whatever state each agent is in.
const LOGIN = { queueLogin: 'pause' as const, agentQueues: [], queueLogoutGraceMs: 200 };
const MEMBERS = ['PJSIP/1001', 'PJSIP/1002', 'PJSIP/1003'];
const conf = (members: string[]) => [{ name: 'support', members }];

const memberOf = (bed: CallsTestbed, iface: string) => bed.telephony.snapshot().queues.flatMap((q) => q.members).find((m) => m.interface === iface);
const pausedAs = (bed: CallsTestbed, iface: string, reason: string | null) => () => {
  const m = memberOf(bed, iface);
  return !!m && (reason === null ? !m.paused : m.paused && m.pausedReason === reason);
};

/** Resolves when the server's telephony has seen `iface` paused with no reason: the reload as Asterisk reports it. */
function reasonDropped(bed: CallsTestbed, iface: string): Promise<void> {
  return new Promise((resolve) => {
    const off = bed.telephony.onEvent((e) => {
      if (!e.name.startsWith('member:') || !('paused' in e) || e.interface !== iface || !e.paused || e.pausedReason !== '') return;
      off();
      resolve();
    });
  });
}

async function testbed(timing: { queueRefreshMs?: number } = {}) {
  return startCallsTestbed({ queues: conf(MEMBERS) }, { calls: { queueLogin: LOGIN, queuesIntervalMs: 50 } }, timing);
}

async function topic(bed: CallsTestbed): Promise<string> {
  const [{ code }] = await bed.t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL LIMIT 1');
  return code;
}

async function classify(bed: CallsTestbed, cookie: string, callId: string): Promise<void> {
  const res = await bed.t.fetch(`/api/calls/${callId}/wrap-up`, { method: 'POST', cookie, json: { kind: 'consultation', topicCode: await topic(bed) } });
  expect(res.status, JSON.stringify(await body(res))).toBe(200);
}

/** An agent at their console, logged in to the queue. */
async function atConsole(bed: CallsTestbed, iface: string): Promise<{ cookie: string; agent: Console }> {
  const { cookie } = await bed.t.login({ role: 'agent', interface: iface });
  const agent = await bed.open(cookie);
  await waitFor(pausedAs(bed, iface, null), `${iface} logged in`);
  return { cookie, agent };
}

/** A call answered by `iface` that has ended: the agent owes its wrap-up. */
async function endedCall(bed: CallsTestbed, agent: Console, iface: string, from: string): Promise<string> {
  const placed = bed.sim.placeCall({ from, queue: 'support', answeredBy: iface, ringMs: 50, talkMs: 300 });
  await agent.next('call:ended', (c) => c.callId === placed.callId);
  await waitFor(pausedAs(bed, iface, 'wrap_up'), 'held for the wrap-up');
  return placed.callId;
}

describe("a reload of app_queue drops every member's pause reason", () => {
  it('when an agent owes a wrap-up, then the hold is put back and lifted once they classify', async () => {
    const bed = await testbed();
    const { cookie, agent } = await atConsole(bed, 'PJSIP/1001');
    const callId = await endedCall(bed, agent, 'PJSIP/1001', '+380671230001');
    const dropped = reasonDropped(bed, 'PJSIP/1001');
    bed.sim.reloadQueues();
    await dropped;
    await waitFor(pausedAs(bed, 'PJSIP/1001', 'wrap_up'), 'the wrap-up hold re-applied after the reload');
    await agent.next('agent:snapshot', (s) => s.state === 'wrap_up' && s.call?.callId === callId);
    await classify(bed, cookie, callId);
    await waitFor(pausedAs(bed, 'PJSIP/1001', null), 'free again once classified');
  });

  it("when an agent is paused for lunch, then the reason comes back, and their own resume lifts it", async () => {
    const bed = await testbed();
    const { agent } = await atConsole(bed, 'PJSIP/1002');
    expect(await agent.socket.timeout(5000).emitWithAck('agent:pause', { paused: true, reason: 'lunch' })).toEqual({ ok: true });
    await waitFor(pausedAs(bed, 'PJSIP/1002', 'lunch'), 'on lunch');
    const dropped = reasonDropped(bed, 'PJSIP/1002');
    bed.sim.reloadQueues();
    await dropped;
    await waitFor(pausedAs(bed, 'PJSIP/1002', 'lunch'), 'still on lunch, with its reason');
    await agent.next('agent:snapshot', (s) => s.state === 'paused' && s.pausedReason === 'lunch');
    expect(await agent.socket.timeout(5000).emitWithAck('agent:pause', { paused: false })).toEqual({ ok: true });
    await waitFor(pausedAs(bed, 'PJSIP/1002', null), 'back from lunch');
  });

  it('when an agent is offline, then they stay paused offline, and opening the console logs them in', async () => {
    const bed = await testbed();
    const { cookie } = await bed.t.login({ role: 'agent', interface: 'PJSIP/1003' });
    const first = await bed.open(cookie);
    await waitFor(pausedAs(bed, 'PJSIP/1003', null), 'logged in');
    first.close();
    await waitFor(pausedAs(bed, 'PJSIP/1003', 'offline'), 'offline with the console closed');
    const dropped = reasonDropped(bed, 'PJSIP/1003');
    bed.sim.reloadQueues();
    await dropped;
    await waitFor(pausedAs(bed, 'PJSIP/1003', 'offline'), 'still offline, with its reason');
    const again = await bed.open(cookie);
    await waitFor(pausedAs(bed, 'PJSIP/1003', null), 'logged in with the console');
    await again.next('agent:snapshot', (s) => s.state === 'available');
  });

  it('when an agent is on a call, then the hold set at the answer survives and the wrap-up after the call is lifted by classifying', async () => {
    const bed = await testbed();
    const { cookie, agent } = await atConsole(bed, 'PJSIP/1001');
    const placed = bed.sim.placeCall({ from: '+380671230004', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 60_000 });
    await agent.next('call:answered', (c) => c.callId === placed.callId);
    await waitFor(pausedAs(bed, 'PJSIP/1001', 'wrap_up'), 'held since the answer');
    const dropped = reasonDropped(bed, 'PJSIP/1001');
    bed.sim.reloadQueues();
    await dropped;
    await waitFor(pausedAs(bed, 'PJSIP/1001', 'wrap_up'), 'the hold re-applied mid-call');
    bed.sim.hangup(placed.channel);
    await agent.next('call:ended', (c) => c.callId === placed.callId);
    await classify(bed, cookie, placed.callId);
    await waitFor(pausedAs(bed, 'PJSIP/1001', null), 'free once classified');
  });

  it("when 'queue reload all' sends no event at all, then the periodic re-read puts the pauses back", async () => {
    const bed = await testbed({ queueRefreshMs: 300 });
    const { cookie, agent } = await atConsole(bed, 'PJSIP/1001');
    const callId = await endedCall(bed, agent, 'PJSIP/1001', '+380671230005');
    const dropped = reasonDropped(bed, 'PJSIP/1001');
    bed.sim.reloadQueues(undefined, { announce: false });
    await dropped;
    await waitFor(pausedAs(bed, 'PJSIP/1001', 'wrap_up'), 'the wrap-up hold re-applied by the periodic re-read');
    await classify(bed, cookie, callId);
    await waitFor(pausedAs(bed, 'PJSIP/1001', null), 'free once classified');
  });

  it('when the reload happens while the PBX link is down, then the resync puts the pauses back', async () => {
    const bed = await testbed();
    const { cookie, agent } = await atConsole(bed, 'PJSIP/1001');
    const callId = await endedCall(bed, agent, 'PJSIP/1001', '+380671230006');
    bed.sim.setOffline(true);
    await waitFor(() => bed.telephony.status().state !== 'connected', 'the link down');
    bed.sim.reloadQueues();
    const resynced = new Promise<void>((resolve) => {
      const off = bed.telephony.onResync(() => (off(), resolve()));
    });
    bed.sim.setOffline(false);
    await resynced;
    await waitFor(pausedAs(bed, 'PJSIP/1001', 'wrap_up'), 'the wrap-up hold re-applied after the reconnect');
    await classify(bed, cookie, callId);
    await waitFor(pausedAs(bed, 'PJSIP/1001', null), 'free once classified');
  });
});

describe('a member added by a reload', () => {
  it('when its agent has no console open, then it is paused offline at once and the queue does not ring the empty desk', async () => {
    const bed = await testbed();
    await bed.t.login({ role: 'agent', interface: 'PJSIP/1004' });
    for (const iface of MEMBERS) await bed.telephony.pause(iface, true, 'break');
    const rung: string[] = [];
    bed.sim.onEvent((name, fields) => {
      if (name === 'AgentCalled') rung.push(String(fields.find(([k]) => k === 'Interface')?.[1]));
    });
    bed.sim.reloadQueues(conf([...MEMBERS, 'PJSIP/1004']));
    await waitFor(pausedAs(bed, 'PJSIP/1004', 'offline'), 'the new member paused offline');
    const placed = bed.sim.placeCall({ from: '+380671230007', queue: 'support', ringMs: 60_000 });
    const sup = await bed.open((await bed.t.login({ role: 'supervisor' })).cookie);
    await sup.next('queues:snapshot', (s) => s.queues[0].waiting.some((w: { callId: string }) => w.callId === placed.callId));
    expect(rung).toEqual([]);
    bed.sim.hangup(placed.channel);
  });
});
