import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app';
import { DatabaseHealth } from '../../server/http/database-health';
import { createTelephony, type Telephony } from '../../telephony';
import { fastTiming } from '../fixtures/ami/harness';
import { connectConsole, eventually, seedCitizen, startCallsTestbed, telephonyEvent, type CallsTestbed } from './calls-harness';

let bed: CallsTestbed;
/** The telephony of the server running now (the test's restarts replace it). */
let current: Telephony | null = null;
const runningMember = (iface: string) => current?.snapshot().queues[0]?.members.find((m) => m.interface === iface);
let agent: { cookie: string; user: { id: number } };
const rowOf = async (id: string) => (await bed.t.db.dataSource.query('SELECT * FROM calls WHERE id = $1', [id]))[0];
const rowsOf = async (id: string) => (await bed.t.db.dataSource.query('SELECT count(*)::int AS n FROM calls WHERE id = $1', [id]))[0].n;

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 2 });
  agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
  await bed.open(agent.cookie);
});

/** A second server process on the same database and PBX: what a restart brings up. */
async function secondServer(): Promise<{ app: App; telephony: Telephony; stop(): Promise<void> }> {
  const log = pino({ level: 'silent' });
  const database = new DatabaseHealth(bed.t.db.dataSource, log);
  database.start();
  const telephony = createTelephony({ host: bed.sim.host, port: bed.sim.port, ...bed.sim.credentials, timing: fastTiming });
  const app = createApp({ dataSource: bed.t.db.dataSource, database, log, sessionSecret: 'test-secret', telephony });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const resynced = new Promise<void>((resolve) => telephony.onResync(() => resolve()));
  telephony.start();
  await resynced;
  return {
    app, telephony,
    async stop() {
      database.stop();
      app.calls.stop();
      await telephony.stop();
      await app.realtime.io.close();
      app.http.closeAllConnections();
    },
  };
}

describe('the call log', () => {
  it('when a known citizen\'s call is answered and they hang up, then one row has the caller, citizen, agent, times, hold and talk seconds', async () => {
    const { citizenId } = await seedCitizen(bed.t, '+380671230000');
    // The talk time is the PBX's (AgentComplete), whatever a loaded machine made of the 1.1 s timer.
    let pbxTalkTime: number | undefined;
    const off = bed.sim.onEvent((name, fields) => {
      if (name === 'AgentComplete') pbxTalkTime = Number(fields.find(([k]) => k === 'TalkTime')?.[1]);
    });
    const placed = bed.sim.placeCall({ from: '0671230000', name: 'Ivan', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 1100 });
    const row = await eventually(async () => { const r = await rowOf(placed.callId); return r?.ended_at ? r : null; }, 'the ended call');
    off();
    expect(pbxTalkTime).toBeGreaterThanOrEqual(1);
    expect(row).toMatchObject({
      caller_number: '+380671230000', caller_name: 'Ivan', queue: 'support', direction: 'in', interface: 'PJSIP/1001',
      agent_user_id: agent.user.id, outcome: 'answered', hangup_by: 'caller', talk_seconds: pbxTalkTime, citizen_id: citizenId,
    });
    for (const at of ['queued_at', 'offered_at', 'answered_at', 'ended_at']) expect(row[at]).toBeInstanceOf(Date);
    expect(row.hold_seconds).toBeGreaterThanOrEqual(0);
    expect(await rowsOf(placed.callId)).toBe(1);
    await bed.t.fetch(`/api/calls/${placed.callId}/wrap-up`, { method: 'POST', cookie: agent.cookie, json: { kind: 'consultation', topicCode: (await bed.t.db.dataSource.query('SELECT code FROM topics LIMIT 1'))[0].code } });
  });

  it('when the caller gives up while ringing, then the call is logged as abandoned with no agent talk', async () => {
    const placed = bed.sim.placeCall({ from: '+380671230001', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 60_000, abandonAfterMs: 200 });
    const row = await eventually(async () => { const r = await rowOf(placed.callId); return r?.ended_at ? r : null; }, 'the abandoned call');
    expect(row).toMatchObject({ outcome: 'abandoned', answered_at: null, talk_seconds: null, interface: 'PJSIP/1002' });
  });

  it('when the server restarts mid-call, then the call is neither duplicated nor lost, and a call that ended meanwhile is closed', async () => {
    const kept = bed.sim.placeCall({ from: '+380671230002', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 50, talkMs: 60_000 });
    const gone = bed.sim.placeCall({ from: '+380671230003', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 60_000 });
    await eventually(async () => (await rowOf(kept.callId))?.answered_at && (await rowOf(gone.callId))?.answered_at, 'both answered in the log');

    // "Restart": our server loses its PBX link for good; a call ends while nobody watches; a new server starts.
    await bed.telephony.stop();
    bed.sim.hangup(gone.channel);
    const restarted = await secondServer();
    try {
      const closed = await eventually(async () => { const r = await rowOf(gone.callId); return r?.ended_at ? r : null; }, 'the vanished call closed');
      expect(closed).toMatchObject({ outcome: 'answered', hangup_by: 'unknown' });
      // It ended unclassified while nobody watched: its wrap-up is still owed (issue 20 item 8), then classified.
      const url = `http://127.0.0.1:${(restarted.app.http.address() as AddressInfo).port}`;
      const console1 = connectConsole(url, agent.cookie);
      expect(await console1.next('agent:snapshot', (s) => s.call !== null)).toMatchObject({ state: 'wrap_up', call: { callId: gone.callId, state: 'ended' } });
      const topic = (await bed.t.db.dataSource.query('SELECT code FROM topics LIMIT 1'))[0].code;
      const classified = await fetch(`${url}/api/calls/${gone.callId}/wrap-up`, { method: 'POST', headers: { cookie: agent.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'consultation', topicCode: topic }) });
      expect(classified.status).toBe(200);
      await console1.next('agent:snapshot', (s) => s.state === 'available');
      console1.close();

      const ended = telephonyEvent(restarted.telephony, (e) => e.name === 'call:ended' && e.callId === kept.callId);
      bed.sim.hangup(kept.channel);
      await ended;
      const row = await eventually(async () => { const r = await rowOf(kept.callId); return r?.ended_at ? r : null; }, 'the kept call ended');
      expect(row).toMatchObject({ outcome: 'answered', hangup_by: 'caller', interface: 'PJSIP/1002', caller_number: '+380671230002' });
      expect(await rowsOf(kept.callId)).toBe(1);
      const open = await bed.t.db.dataSource.query(`SELECT id FROM calls WHERE ended_at IS NULL`);
      expect(open).toEqual([]);
    } finally {
      await restarted.stop();
    }
  });

  it('when the server restarts during a wrap-up, then the agent gets the call back to classify and classifying it lifts the PBX hold', async () => {
    const held = () => runningMember('PJSIP/1001');
    const first = await secondServer();
    const urlOf = (app: App) => `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
    const before = connectConsole(urlOf(first.app), agent.cookie);
    await before.next('agent:snapshot');
    const placed = bed.sim.placeCall({ from: '+380671230004', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 60_000 });
    await before.next('call:answered', (c) => c.callId === placed.callId);
    bed.sim.hangup(placed.channel);
    await before.next('call:ended', (c) => c.callId === placed.callId);
    current = first.telephony;
    await eventually(async () => held()?.paused, 'the wrap-up hold');
    before.close();
    await first.stop();

    const second = await secondServer();
    current = second.telephony;
    try {
      const after = connectConsole(urlOf(second.app), agent.cookie);
      // A console may connect before the new server's resync has restored the desk; the restored snapshot follows.
      const restored = await after.next('agent:snapshot', (s) => s.state === 'wrap_up');
      expect(restored).toMatchObject({ state: 'wrap_up', call: { callId: placed.callId, state: 'ended', callerNumber: '+380671230004' } });
      const topic = (await bed.t.db.dataSource.query('SELECT code FROM topics LIMIT 1'))[0].code;
      const earlier = new Set(after.named('agent:snapshot'));
      const res = await fetch(`${urlOf(second.app)}/api/calls/${placed.callId}/wrap-up`, {
        method: 'POST', headers: { cookie: agent.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'consultation', topicCode: topic }),
      });
      expect(res.status).toBe(200);
      await after.next('agent:snapshot', (s) => !earlier.has(s) && s.state === 'available');
      await eventually(async () => held()?.paused === false, 'the hold lifted');
      after.close();
    } finally {
      await second.stop();
    }
  });
});
