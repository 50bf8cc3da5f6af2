import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App, type AppDeps } from '../../server/app';
import { DatabaseHealth } from '../../server/http/database-health';
import { createTelephony, type Telephony } from '../../telephony';
import { fastTiming } from '../fixtures/ami/harness';
import { connectConsole, eventually, startCallsTestbed, waitFor, type CallsTestbed, type Console } from './calls-harness';

// A wrap-up owed is in the call log (and the PBX's `wrap_up` pause): a server restart must give it back to the
// agent's desk and keep the agent held, whether or not their console is open, even when the call ended meanwhile.

interface Restarted {
  baseUrl: string;
  telephony: Telephony;
  open(cookie: string): Promise<Console>;
}

/** The first server goes away (its PBX link with it); a second one starts on the same database and PBX. */
async function restart(bed: CallsTestbed, calls: AppDeps['calls'], whileDown: () => void = () => {}): Promise<Restarted> {
  bed.t.calls.stop();
  await bed.telephony.stop();
  await bed.t.realtime.io.close();
  bed.t.http.closeAllConnections();
  whileDown();
  const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
  const database = new DatabaseHealth(bed.t.db.dataSource, log, { whenUp: 200, whenDown: 100 });
  database.start();
  const telephony = createTelephony({ host: bed.sim.host, port: bed.sim.port, ...bed.sim.credentials, timing: fastTiming });
  const app: App = createApp({ dataSource: bed.t.db.dataSource, database, log, sessionSecret: 'test-secret', telephony, calls });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const resynced = new Promise<void>((resolve) => telephony.onResync(() => resolve()));
  telephony.start();
  await resynced;
  const baseUrl = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  const sockets: Console[] = [];
  afterAllCleanup.push(async () => {
    for (const s of sockets) s.close();
    app.calls.stop();
    await telephony.stop();
    await app.realtime.io.close();
    app.http.closeAllConnections();
    database.stop();
  });
  return {
    baseUrl, telephony,
    async open(cookie) {
      const c = connectConsole(baseUrl, cookie);
      sockets.push(c);
      await c.next('agent:snapshot');
      return c;
    },
  };
}
const afterAllCleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of afterAllCleanup.splice(0)) await cleanup();
});

const memberOf = (telephony: Telephony, iface: string) => telephony.snapshot().queues.flatMap((q) => q.members).find((m) => m.interface === iface);

async function classify(baseUrl: string, bed: CallsTestbed, cookie: string, callId: string): Promise<number> {
  const [{ code }] = await bed.t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL LIMIT 1');
  const res = await fetch(`${baseUrl}/api/calls/${callId}/wrap-up`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ kind: 'consultation', topicCode: code }) });
  return res.status;
}

describe('a wrap-up owed across a server restart', () => {
  it('when the call ended while the server was down, then the agent gets it back on the desk, stays held, and classifying frees them', async () => {
    const calls = { queueLogin: { queueLogin: 'pause' as const, agentQueues: [], queueLogoutGraceMs: 5000 } };
    const bed = await startCallsTestbed({ agents: 2 }, { calls });
    const { cookie } = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
    const agent = await bed.open(cookie);
    await waitFor(() => memberOf(bed.telephony, 'PJSIP/1001')?.paused === false, 'logged in');
    const placed = bed.sim.placeCall({ from: '+380671240001', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 600_000 });
    await agent.next('call:answered', (c) => c.callId === placed.callId);
    await waitFor(() => memberOf(bed.telephony, 'PJSIP/1001')?.pausedReason === 'wrap_up', 'held since the answer');
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND answered_at IS NOT NULL', [placed.callId]))[0], 'the answer logged');
    agent.close();

    const next = await restart(bed, calls, () => bed.sim.hangup(placed.channel));
    const back = await next.open(cookie);
    const snapshot = back.named('agent:snapshot').find((s) => s.call?.callId === placed.callId) ?? (await back.next('agent:snapshot', (s) => s.call?.callId === placed.callId));
    expect(snapshot).toMatchObject({ state: 'wrap_up', call: { callId: placed.callId, state: 'ended' } });
    await waitFor(() => memberOf(next.telephony, 'PJSIP/1001')?.pausedReason === 'wrap_up', 'still held for the wrap-up');
    expect(await classify(next.baseUrl, bed, cookie, placed.callId)).toBe(200);
    await waitFor(() => memberOf(next.telephony, 'PJSIP/1001')?.paused === false, 'free once classified');
  });

  it('when the agent has no console open after the restart (QUEUE_LOGIN=off), then the hold stays and the queue does not offer them calls', async () => {
    const calls = { queueLogin: { queueLogin: 'off' as const, agentQueues: [], queueLogoutGraceMs: 5000 } };
    const bed = await startCallsTestbed({ agents: 1 }, { calls });
    const { cookie } = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
    const agent = await bed.open(cookie);
    const placed = bed.sim.placeCall({ from: '+380671240002', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 600_000 });
    await agent.next('call:answered', (c) => c.callId === placed.callId);
    await waitFor(() => memberOf(bed.telephony, 'PJSIP/1001')?.pausedReason === 'wrap_up', 'held since the answer');
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND answered_at IS NOT NULL', [placed.callId]))[0], 'the answer logged');
    agent.close();

    const next = await restart(bed, calls, () => bed.sim.hangup(placed.channel));
    // The restart's own work (desks rebuilt, pauses checked) is over when the call is closed in the log.
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [placed.callId]))[0], 'the call closed in the log');
    const waiting = bed.sim.placeCall({ from: '+380671240003', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 1000 });
    const back = await next.open(cookie);
    expect(back.named('agent:snapshot')[0]).toMatchObject({ state: 'wrap_up', call: { callId: placed.callId } });
    expect(memberOf(next.telephony, 'PJSIP/1001')).toMatchObject({ paused: true, pausedReason: 'wrap_up' });
    expect(next.telephony.snapshot().queues[0].waiting.map((w) => w.callId)).toContain(waiting.callId);
    expect(await classify(next.baseUrl, bed, cookie, placed.callId)).toBe(200);
    await back.next('call:offered', (c) => c.callId === waiting.callId);
    bed.sim.hangup(waiting.channel);
  });
});
