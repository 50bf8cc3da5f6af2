import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTelephony } from '../../telephony';
import { fastTiming } from '../fixtures/ami/harness';
import { body } from '../setup/app';
import { eventually, startCallsTestbed, waitFor, type CallsTestbed } from './calls-harness';

// Callers who are waiting or talking when the server restarts are the day's calls like any other: the new
// server must count them as the call log and the PBX know them, not start them over or drop them.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const support = (s: { queues: Array<{ name: string; today: Record<string, unknown> }> }) => s.queues.find((q) => q.name === 'support');

/** The first server goes away with its calls up; a second one starts on the same database and PBX. */
async function restart(bed: CallsTestbed, cookie: string, whileDown: () => void = () => {}) {
  bed.t.calls.stop();
  await bed.telephony.stop();
  await bed.t.realtime.io.close();
  bed.t.http.closeAllConnections();
  whileDown();
  const telephony = createTelephony({ host: bed.sim.host, port: bed.sim.port, ...bed.sim.credentials, timing: fastTiming });
  const app = createApp({ dataSource: bed.t.db.dataSource, database: bed.t.database, log: pino({ level: 'silent' }), sessionSecret: 'test-secret', telephony });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const resynced = new Promise<void>((resolve) => telephony.onResync(() => resolve()));
  telephony.start();
  await resynced;
  cleanups.push(async () => {
    app.calls.stop();
    await telephony.stop();
    await app.realtime.io.close();
    app.http.closeAllConnections();
  });
  const url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}/api/supervisor/live`;
  const today = async () => support(await body(await fetch(url, { headers: { cookie } })))?.today;
  return { today, telephony };
}

describe('the day’s figures across a server restart', () => {
  it('when callers wait and talk through a restart, then the new server counts them offered, answered and abandoned as they end', async () => {
    const bed = await startCallsTestbed({ agents: 2 });
    const supervisor = await bed.t.login({ role: 'supervisor' });
    await bed.telephony.pause('PJSIP/1002', true, 'break');
    // A 1-second service level, so the talking caller's 2-second wait is a miss the restart must not forget.
    const thresholds = { waitingAmber: 3, waitingRed: 6, longestWaitAmber: 30, longestWaitRed: 60, serviceLevelAmber: 80, serviceLevelRed: 60 };
    expect((await bed.t.fetch('/api/supervisor/queues/support/settings', { method: 'PUT', cookie: supervisor.cookie, json: { serviceLevelSeconds: 1, thresholds } })).status).toBe(200);
    const talking = bed.sim.placeCall({ from: '+380671250001', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 2500, talkMs: 600_000 });
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND answered_at IS NOT NULL', [talking.callId]))[0], 'the answer logged');
    const waiting = bed.sim.placeCall({ from: '+380671250002', queue: 'support', ringMs: 600_000 });
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1', [waiting.callId]))[0], 'the waiting caller logged');

    const { today, telephony } = await restart(bed, supervisor.cookie);
    await eventually(async () => {
      const t = await today();
      return t?.offered === 2 && t.answered === 1 ? t : null;
    }, 'both calls counted after the restart');

    bed.sim.hangup(talking.channel);
    bed.sim.hangup(waiting.channel);
    await waitFor(() => telephony.snapshot().calls.length === 0 || undefined, 'both calls over');
    const settled = await eventually(async () => {
      const t = await today();
      return t?.abandoned === 1 ? t : null;
    }, 'the waiting caller counted as abandoned');
    expect(settled).toMatchObject({ offered: 2, answered: 1, abandoned: 1, unanswered: 0, answeredWithinServiceLevel: 0, serviceLevel: 0 });
    // The call log, read afresh, says the same.
    const rows = await bed.t.db.dataSource.query(`SELECT id, outcome, hold_seconds FROM calls WHERE id = ANY($1) ORDER BY id`, [[talking.callId, waiting.callId]]);
    expect(Object.fromEntries(rows.map((r: { id: string; outcome: string }) => [r.id, r.outcome]))).toEqual({ [talking.callId]: 'answered', [waiting.callId]: 'abandoned' });
    expect(rows.find((r: { id: string }) => r.id === talking.callId).hold_seconds).toBeGreaterThanOrEqual(2);
  });

  it('when the PBX restarts with the server (the demo), then the callers it cut still count: the talk answered, the waiting one unanswered', async () => {
    const bed = await startCallsTestbed({ agents: 2 });
    const supervisor = await bed.t.login({ role: 'supervisor' });
    await bed.telephony.pause('PJSIP/1002', true, 'break');
    const talking = bed.sim.placeCall({ from: '+380671250011', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 600_000 });
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND answered_at IS NOT NULL', [talking.callId]))[0], 'the answer logged');
    const waiting = bed.sim.placeCall({ from: '+380671250012', queue: 'support', ringMs: 600_000 });
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1', [waiting.callId]))[0], 'the waiting caller logged');

    const { today } = await restart(bed, supervisor.cookie, () => bed.sim.restart());
    const settled = await eventually(async () => {
      const t = await today();
      return t?.offered === 2 && t.answered === 1 && t.unanswered === 1 ? t : null;
    }, 'both cut calls counted after the restart');
    expect(settled).toMatchObject({ offered: 2, answered: 1, abandoned: 0, unanswered: 1 });
  });
});
