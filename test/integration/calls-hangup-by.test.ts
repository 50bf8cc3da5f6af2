import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { DatabaseHealth } from '../../server/http/database-health';
import { createTelephony } from '../../telephony';
import { fastTiming } from '../fixtures/ami/harness';
import { body } from '../setup/app';
import { eventually, startCallsTestbed, waitFor, type CallsTestbed } from './calls-harness';

let bed: CallsTestbed;
let agent: { cookie: string; user: { id: number } };
let desk: Awaited<ReturnType<CallsTestbed['open']>>;
const ended = async (id: string) =>
  eventually(async () => (await bed.t.db.dataSource.query('SELECT * FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [id]))[0], `call ${id} ended in the log`);
const classify = async (callId: string) => {
  const [topic] = await bed.t.db.dataSource.query('SELECT code FROM topics LIMIT 1');
  await bed.t.fetch(`/api/calls/${callId}/wrap-up`, { method: 'POST', cookie: agent.cookie, json: { kind: 'consultation', topicCode: topic.code } });
};

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 2 });
  agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
  desk = await bed.open(agent.cookie);
});

async function clickToCall(number: string): Promise<string> {
  const res = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number } });
  expect(res.status).toBe(202);
  return (await body(res)).callId;
}
/** The desk is free again: the next click-to-call is not refused as "busy". */
const deskFree = () => eventually(async () => (desk.named('agent:snapshot').at(-1) as { call: unknown } | undefined)?.call === null || null, 'the desk free');

describe('who hung up (calls.hangup_by), one rule for every call', () => {
  it('when an agent hangs up a queue call from the console, then it is the console, not the caller whose leg Asterisk drops first', async () => {
    const placed = bed.sim.placeCall({ from: '+380671240001', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 60_000 });
    await desk.next('call:answered', (c) => c.callId === placed.callId);
    expect((await bed.t.fetch(`/api/calls/${placed.callId}/hangup`, { method: 'POST', cookie: agent.cookie })).status).toBe(202);
    const row = await ended(placed.callId);
    await classify(placed.callId);
    expect(row).toMatchObject({ outcome: 'answered', hangup_by: 'console' });
    const { items: mine } = await body(await bed.t.fetch('/api/calls/mine', { cookie: agent.cookie }));
    expect(mine.find((c: { callId: string }) => c.callId === placed.callId)).toMatchObject({ hangupBy: 'console' });
  });

  it("when the agent's phone or the caller hangs up a queue call, then it is theirs", async () => {
    const byAgent = bed.sim.placeCall({ from: '+380671240002', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 50, talkMs: 200, hangupBy: 'agent' });
    const byCaller = bed.sim.placeCall({ from: '+380671240003', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 50, talkMs: 200, hangupBy: 'caller' });
    expect(await ended(byAgent.callId)).toMatchObject({ hangup_by: 'agent' });
    expect(await ended(byCaller.callId)).toMatchObject({ hangup_by: 'caller' });
  });

  it('when a click-to-call is ended by the citizen, the agent\'s phone, or the console, then each is recorded as such', async () => {
    await deskFree();
    bed.sim.setCitizenBehaviour(() => ({ outcome: 'answer', ringMs: 50, talkMs: 300 }));
    const byCitizen = await clickToCall('0671240004');
    expect(await ended(byCitizen)).toMatchObject({ direction: 'out', outcome: 'answered', hangup_by: 'caller' });
    await classify(byCitizen); // an answered click-to-call is wrapped up like any other (OUTBOUND_WRAP_UP)

    await deskFree();
    bed.sim.setCitizenBehaviour(() => ({ outcome: 'answer', ringMs: 50, talkMs: 60_000 }));
    const byAgentPhone = await clickToCall('0671240005');
    await desk.next('call:answered', (c) => c.callId === byAgentPhone);
    // The agent's own leg is the originated channel: its Uniqueid is the call's id.
    expect(bed.sim.hangup(byAgentPhone)).toBe(true);
    expect(await ended(byAgentPhone)).toMatchObject({ outcome: 'answered', hangup_by: 'agent' });
    await classify(byAgentPhone); // an answered click-to-call is wrapped up like any other (OUTBOUND_WRAP_UP)

    await deskFree();
    const byConsole = await clickToCall('0671240006');
    await desk.next('call:answered', (c) => c.callId === byConsole);
    expect((await bed.t.fetch(`/api/calls/${byConsole}/hangup`, { method: 'POST', cookie: agent.cookie })).status).toBe(202);
    expect(await ended(byConsole)).toMatchObject({ outcome: 'answered', hangup_by: 'console' });
    await classify(byConsole); // an answered click-to-call is wrapped up like any other (OUTBOUND_WRAP_UP)
  });

  it("when the agent's own phone never answers a click-to-call, then the agent's phone ended it", async () => {
    await deskFree();
    bed.sim.setDialBehaviour(() => ({ answer: false, outcome: 'no_answer', afterMs: 50 }));
    try {
      const callId = await clickToCall('0671240007');
      expect(await ended(callId)).toMatchObject({ outcome: 'failed', hangup_by: 'agent' });
    } finally {
      bed.sim.setDialBehaviour(() => ({ answer: true, afterMs: 50 }));
    }
  });

  it('when the PBX restarts while the server watches, then the calls its shutdown hangs up are the PBX\'s (system), not whoever\'s leg went first', async () => {
    await deskFree();
    const cut = bed.sim.placeCall({ from: '+380671240009', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 50, talkMs: 60_000 });
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND answered_at IS NOT NULL', [cut.callId]))[0], 'answered in the log');
    bed.sim.restart();
    expect(await ended(cut.callId)).toMatchObject({ outcome: 'answered', hangup_by: 'system' });
    await waitFor(() => bed.telephony.status().state === 'connected', 'the link back');
  });

  it('when the PBX restarts while the server is down, then the calls it cut are the PBX\'s (system), not unknown', async () => {
    await deskFree();
    const cut = bed.sim.placeCall({ from: '+380671240008', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 50, talkMs: 60_000 });
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND answered_at IS NOT NULL', [cut.callId]))[0], 'answered in the log');
    // Our server goes away; Asterisk restarts (FullyBooted: a fresh Uptime); a new server comes up on the same database.
    await bed.telephony.stop();
    bed.sim.restart();
    const log = pino({ level: 'silent' });
    const database = new DatabaseHealth(bed.t.db.dataSource, log);
    const telephony = createTelephony({ host: bed.sim.host, port: bed.sim.port, ...bed.sim.credentials, timing: fastTiming });
    const app = createApp({ dataSource: bed.t.db.dataSource, database, log, sessionSecret: 'test-secret', telephony });
    const resynced = new Promise<void>((resolve) => telephony.onResync(() => resolve()));
    telephony.start();
    try {
      await resynced;
      await waitFor(() => telephony.snapshot().pbxStartedAt !== undefined, 'the PBX start time');
      expect(await ended(cut.callId)).toMatchObject({ outcome: 'answered', hangup_by: 'system', ended_estimated: true });
    } finally {
      app.calls.stop();
      await telephony.stop();
      await app.realtime.io.close();
    }
  });
});
