import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTelephony } from '../../telephony';
import { fastTiming } from '../fixtures/ami/harness';
import { body } from '../setup/app';
import { connectConsole, eventually, startCallsTestbed, telephonyEvent, waitFor, type CallsTestbed, type Console } from './calls-harness';

let bed: CallsTestbed;
let agent: { cookie: string; user: { id: number } };
let supervisor: { cookie: string; user: { id: number } };

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 2 }, { calls: { queuesIntervalMs: 150 } });
  agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001', fullName: 'Іваненко Марія' });
  supervisor = await bed.t.login({ role: 'supervisor' });
});

const support = (s: { queues: Array<{ name: string }> }) => s.queues.find((q) => q.name === 'support') as any; // eslint-disable-line @typescript-eslint/no-explicit-any
const gridRow = (g: { agents: Array<{ userId: number }> }) => g.agents.find((a) => a.userId === agent.user.id) as any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function supervisorConsole(): Promise<Console> {
  const c = connectConsole(bed.t.baseUrl, supervisor.cookie);
  // Connected once the first grid is there; it is left for the test to read.
  await waitFor(() => c.named('agents:grid').length > 0 || undefined, 'the first agents:grid');
  return c;
}

describe('the agent grid', () => {
  it('when a call rings, is answered and ends, then the grid follows the agent by name with the caller, and counts the call', async () => {
    const sup = await supervisorConsole();
    const first = gridRow(await sup.next('agents:grid', (g) => gridRow(g)?.state === 'available'));
    expect(first).toMatchObject({ name: 'Іваненко Марія', interface: 'PJSIP/1001', answeredToday: 0, call: null });
    await bed.telephony.pause('PJSIP/1002', true, 'break');
    const placed = bed.sim.placeCall({ from: '+380671112233', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 400, talkMs: 1200 });
    await sup.next('agents:grid', (g) => gridRow(g)?.state === 'ringing');
    const talking = gridRow(await sup.next('agents:grid', (g) => gridRow(g)?.state === 'in_call'));
    expect(talking.call).toMatchObject({ callId: placed.callId, callerNumber: '+380671112233', queue: 'support' });
    expect(Date.parse(talking.since)).toBe(Date.parse(talking.call.since));
    const after = gridRow(await sup.next('agents:grid', (g) => gridRow(g)?.state !== 'in_call' && gridRow(g)?.answeredToday === 1));
    expect(after.call).toBeNull();
    expect(after.averageHandleSeconds).toBeGreaterThanOrEqual(1);
    await bed.telephony.pause('PJSIP/1002', false);
    sup.close();
  });

  it('when a supervisor forces a pause with a reason, then the grid shows it paused with that reason since then, and unpaused after', async () => {
    // The previous call's wrap-up (and its hold in the PBX) is over before this starts.
    await bed.t.calls.live.idle();
    bed.t.calls.live.desks.clear(agent.user.id);
    await eventually(async () => {
      await bed.telephony.pause('PJSIP/1001', false);
      return !bed.telephony.snapshot().queues.some((q) => q.members.some((m) => m.interface === 'PJSIP/1001' && m.paused));
    }, 'agent 1 out of the wrap-up hold');
    const sup = await supervisorConsole();
    const res = await bed.t.fetch(`/api/agents/${agent.user.id}/pause`, { method: 'POST', cookie: supervisor.cookie, json: { paused: true, reason: 'training' } });
    expect(res.status).toBe(200);
    const pausedGrid = await sup.next('agents:grid', (g) => gridRow(g)?.state === 'paused');
    const paused = gridRow(pausedGrid);
    expect(paused).toMatchObject({ pausedReason: 'training' });
    await bed.t.fetch(`/api/agents/${agent.user.id}/pause`, { method: 'POST', cookie: supervisor.cookie, json: { paused: false } });
    // Only what came after the pause: a delta of the earlier unpause may still arrive after the connect's full grid.
    const pausedAt = sup.received.findIndex((r) => r.data === pausedGrid);
    const back = await eventually(async () => sup.received.slice(pausedAt + 1)
      .map((r) => (r.name === 'agents:grid' ? gridRow(r.data as never) : null)).find((row) => row?.state === 'available'), 'agent 1 available again');
    expect(back.pausedReason ?? null).toBeNull();
    expect(Date.parse(back.since)).toBeGreaterThanOrEqual(Date.parse(paused.since));
    sup.close();
  });
});

describe('who may see the live picture', () => {
  it('when an agent asks for the supervisor snapshot or the live page, then it is refused', async () => {
    const mine = await bed.open(agent.cookie);
    const reply = await mine.socket.timeout(5000).emitWithAck('supervisor:snapshot', {});
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) });
    for (const path of ['/api/supervisor/live', '/api/supervisor/queues/settings']) {
      const res = await bed.t.fetch(path, { cookie: agent.cookie });
      expect(res.status).toBe(403);
      expect((await body(res)).error.code).toBe('forbidden');
    }
    const official = await bed.t.login({ role: 'official' });
    expect((await bed.t.fetch('/api/supervisor/live', { cookie: official.cookie })).status).toBe(403);
    mine.close();
  });

  it('when a caller waits, then an agent gets only their own queues’ counts: no caller numbers, no colleagues, no grid', async () => {
    await bed.telephony.pause('PJSIP/1001', true, 'break');
    await bed.telephony.pause('PJSIP/1002', true, 'break');
    const mine = await bed.open(agent.cookie);
    const placed = bed.sim.placeCall({ from: '+380679990000', queue: 'support', ringMs: 60_000 });
    const slice = await mine.next('queues:snapshot', (s) => support(s)?.waiting.length === 1);
    expect(slice.queues.map((q: { name: string }) => q.name)).toEqual(['support']);
    expect(support(slice).members).toEqual([]);
    expect(support(slice).waiting[0].callerNumber).toBeNull();
    expect(JSON.stringify(slice)).not.toContain('380679990000');
    expect(mine.named('agents:grid')).toEqual([]);
    bed.sim.hangup(placed.channel);
    await telephonyEvent(bed.telephony, (e) => e.name === 'call:ended' && e.callId === placed.callId);
    await bed.telephony.pause('PJSIP/1001', false);
    await bed.telephony.pause('PJSIP/1002', false);
    mine.close();
  });
});

describe('lean snapshots', () => {
  it('when a supervisor page asks for lean snapshots, then its queues come without members while a v1 supervisor still gets them; an agent may not ask', async () => {
    const lean = await supervisorConsole();
    const v1 = await supervisorConsole();
    expect(await lean.socket.timeout(5000).emitWithAck('queues:lean', { lean: true })).toEqual({ ok: true });
    await bed.telephony.pause('PJSIP/1002', true, 'lunch');
    const slim = await lean.next('queues:snapshot', (s) => s.queues.length > 0 && support(s).members.length === 0);
    expect(support(slim).today).toBeTruthy();
    await v1.next('queues:snapshot', (s) => support(s)?.members.some((m: { pausedReason: string | null }) => m.pausedReason === 'lunch'));
    const mine = await bed.open(agent.cookie);
    expect(await mine.socket.timeout(5000).emitWithAck('queues:lean', { lean: true })).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) });
    await bed.telephony.pause('PJSIP/1002', false);
    for (const c of [lean, v1, mine]) c.close();
  });
});

describe('faults', () => {
  it('when a supervisor reconnects, then the full snapshot and grid come at once, without waiting for a change', async () => {
    const first = await supervisorConsole();
    first.close();
    const again = connectConsole(bed.t.baseUrl, supervisor.cookie);
    const [queues, grid] = await Promise.all([again.next('queues:snapshot'), again.next('agents:grid')]);
    expect(support(queues)).toMatchObject({ name: 'support', settings: { serviceLevelSeconds: 20 } });
    expect(queues.link.state).toBe('connected');
    expect(gridRow(grid)).toBeTruthy();
    again.close();
  });

  it('when the AMI link goes down, then the page is told (last state kept), and after the resync the full snapshot shows what happened meanwhile', async () => {
    const sup = await supervisorConsole();
    bed.sim.setOffline(true);
    const stale = await sup.next('queues:snapshot', (s) => s.link?.state !== 'connected');
    expect(support(stale)).toBeTruthy();
    await bed.telephony.pause('PJSIP/1001', true).catch(() => undefined);
    const placed = bed.sim.placeCall({ from: '+380675550000', queue: 'support', ringMs: 60_000, noAnswer: [] });
    bed.sim.setOffline(false);
    const fresh = await sup.next('queues:snapshot', (s) => s.link?.state === 'connected' && support(s)?.waiting.some((w: { callId: string }) => w.callId === placed.callId), 15_000);
    expect(support(fresh).longestWaitSince).toBeTruthy();
    bed.sim.hangup(placed.channel);
    await telephonyEvent(bed.telephony, (e) => e.name === 'call:ended' && e.callId === placed.callId);
    sup.close();
  });

  it('when 1,000 AMI events arrive in a burst, then the supervisors get a few coalesced snapshots ending in the last state, not 1,000', async () => {
    const sup = await supervisorConsole();
    const before = sup.named('queues:snapshot').length;
    const seen: string[] = [];
    const off = bed.telephony.onEvent((e) => seen.push(e.name));
    const started = Date.now();
    for (let i = 0; i < 1000; i++) {
      const paused = i % 2 === 0 || i === 999;
      bed.sim.emitEvent('QueueMemberPause', 'agent', [
        ['Queue', 'support'], ['MemberName', 'PJSIP/1002'], ['Interface', 'PJSIP/1002'], ['StateInterface', 'PJSIP/1002'],
        ['Membership', 'static'], ['Penalty', 0], ['CallsTaken', 0], ['LastCall', 0], ['LastPause', 0], ['LoginTime', 0],
        ['InCall', 0], ['Status', 1], ['Paused', paused ? 1 : 0], ['PausedReason', paused ? (i === 999 ? 'lunch' : 'break') : ''], ['Wrapuptime', 0],
      ]);
    }
    const last = await sup.next('queues:snapshot', (s) => support(s)?.members.find((m: { interface: string }) => m.interface === 'PJSIP/1002')?.pausedReason === 'lunch');
    const elapsed = Date.now() - started;
    off();
    expect(seen.filter((n) => n === 'member:paused').length).toBeGreaterThanOrEqual(999);
    const sent = sup.named('queues:snapshot').length - before;
    // At most one per 150 ms window (plus the edges): coalesced, whatever the machine's speed.
    expect(sent).toBeLessThanOrEqual(Math.ceil(elapsed / 150) + 2);
    expect(sent).toBeLessThan(50);
    expect(support(last).members.find((m: { interface: string }) => m.interface === 'PJSIP/1002')).toMatchObject({ paused: true });
    await bed.telephony.pause('PJSIP/1002', false);
    sup.close();
  });
});

describe("today's counters", () => {
  it('when the server restarts, then today’s counters are read back from the call log instead of starting at zero', async () => {
    const [{ n }] = await bed.t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM calls WHERE queue = 'support' AND direction = 'in'
          AND (queued_at AT TIME ZONE 'Europe/Kyiv')::date = (now() AT TIME ZONE 'Europe/Kyiv')::date`);
    expect(n).toBeGreaterThan(0);
    // A second server on the same database, as after a restart: nothing in memory, the PBX as it is.
    const telephony = createTelephony({ host: bed.sim.host, port: bed.sim.port, ...bed.sim.credentials, timing: fastTiming });
    const resynced = new Promise<void>((resolve) => telephony.onResync(() => resolve()));
    const log = pino({ level: 'silent' });
    const restarted = createApp({ dataSource: bed.t.db.dataSource, database: bed.t.database, log, sessionSecret: 'test-secret', telephony });
    await new Promise<void>((resolve) => restarted.http.listen(0, '127.0.0.1', resolve));
    telephony.start();
    await resynced;
    try {
      const url = `http://127.0.0.1:${(restarted.http.address() as AddressInfo).port}/api/supervisor/live`;
      const today = await eventually(async () => {
        const data = await body(await fetch(url, { headers: { cookie: supervisor.cookie } }));
        return support(data)?.today.offered === n ? support(data).today : null;
      }, 'the restarted server counting the log');
      const [db] = await bed.t.db.dataSource.query(
        `SELECT count(*) FILTER (WHERE answered_at IS NOT NULL)::int AS answered, count(*) FILTER (WHERE outcome = 'abandoned')::int AS abandoned
           FROM calls WHERE queue = 'support' AND direction = 'in'`);
      expect(today).toMatchObject({ offered: n, answered: db.answered, abandoned: db.abandoned });
    } finally {
      restarted.calls.stop();
      await telephony.stop();
      await restarted.realtime.io.close();
      restarted.http.closeAllConnections();
      await new Promise((resolve) => restarted.http.close(resolve));
    }
  });

  it('when a supervisor sets a queue’s threshold and colours, then they are stored and every page gets them', async () => {
    const thresholds = { waitingAmber: 2, waitingRed: 4, longestWaitAmber: 20, longestWaitRed: 45, serviceLevelAmber: 85, serviceLevelRed: 70 };
    const bad = await bed.t.fetch('/api/supervisor/queues/support/settings', { method: 'PUT', cookie: supervisor.cookie, json: { serviceLevelSeconds: 0, thresholds: { ...thresholds, waitingRed: 1 } } });
    expect(bad.status).toBe(400);
    expect(Object.keys((await body(bad)).error.fields)).toEqual(expect.arrayContaining(['serviceLevelSeconds']));
    const byAgent = await bed.t.fetch('/api/supervisor/queues/support/settings', { method: 'PUT', cookie: agent.cookie, json: { serviceLevelSeconds: 15, thresholds } });
    expect(byAgent.status).toBe(403);
    const sup = await supervisorConsole();
    const res = await bed.t.fetch('/api/supervisor/queues/support/settings', { method: 'PUT', cookie: supervisor.cookie, json: { serviceLevelSeconds: 15, thresholds } });
    expect(res.status).toBe(200);
    const pushed = await sup.next('queues:snapshot', (s) => support(s)?.settings.serviceLevelSeconds === 15);
    expect(support(pushed).settings.thresholds).toEqual(thresholds);
    expect(support(pushed).today.serviceLevelSeconds).toBe(15);
    const [row] = await bed.t.db.dataSource.query(`SELECT service_level_seconds, thresholds FROM queue_settings WHERE queue = 'support'`);
    expect(row).toEqual({ service_level_seconds: 15, thresholds });
    sup.close();
  });
});
