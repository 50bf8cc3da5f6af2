import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordingSettings } from '../../server/calls/recording/recording.settings';
import { createTelephony } from '../../telephony';
import { fastTiming } from '../fixtures/ami/harness';
import { body, startTestApp } from '../setup/app';
import { eventually, startCallsTestbed, type CallsTestbed, type Console } from './calls-harness';

const dirs: string[] = [];
let calls = 0;
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function bedRecording(settings: Partial<RecordingSettings>, sim: Parameters<typeof startCallsTestbed>[0] = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'recordings-'));
  dirs.push(dir);
  const recordings = { mode: 'queues' as const, dir, minFreeMb: 0, ...settings };
  const bed = await startCallsTestbed({ agents: 2, monitorDir: recordings.dir, ...sim }, { calls: { recordings } });
  return { bed, dir: recordings.dir };
}

async function desk(bed: CallsTestbed, role: 'agent' | 'supervisor' | 'admin', iface?: string): Promise<{ cookie: string; id: number; console: Console }> {
  const { cookie, user } = await bed.t.login({ role, interface: iface });
  return { cookie, id: user.id, console: await bed.open(cookie) };
}

const pause = (bed: CallsTestbed, cookie: string, callId: string, action: string) =>
  bed.t.fetch(`/api/calls/${callId}/recording`, { method: 'POST', cookie, json: { action } });

/** A queue call answered by PJSIP/1001, talking until the test hangs it up. */
async function answeredCall(bed: CallsTestbed, agent: Console, from = '+380671234567') {
  // Simulators started in the same second number their calls alike: each call gets an id of its own here.
  const call = bed.sim.placeCall({ from, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 20, talkMs: 60_000, linkedId: `rec-${process.pid}-${++calls}` });
  await agent.next('call:answered', (c) => c.callId === call.callId);
  return call;
}

describe('call recordings (issue 23, items 1, 2, 6)', () => {
  it('when an agent answers a queue call, then it is recorded; the agent pauses and resumes it (MixMonitorMute at the PBX), nobody else may; after the call a supervisor plays it with ranges, every read audited', async () => {
    const { bed, dir } = await bedRecording({ mode: 'queues' });
    const agent = await desk(bed, 'agent', 'PJSIP/1001');
    const other = await desk(bed, 'agent', 'PJSIP/1002');
    const supervisor = await desk(bed, 'supervisor');
    const admin = await desk(bed, 'admin');
    const pbx: string[] = [];
    bed.sim.onEvent((name, fields) => {
      if (name.startsWith('MixMonitor')) pbx.push(`${name}${fields.find(([k]) => k === 'State')?.[1] ?? ''}`);
    });
    const call = await answeredCall(bed, agent.console);
    expect(await supervisor.console.next('recording:changed', (c) => c.callId === call.callId)).toMatchObject({ state: 'recording', paused: false });

    expect((await pause(bed, agent.cookie, call.callId, 'pause')).status).toBe(204);
    expect(await agent.console.next('recording:changed', (c) => c.callId === call.callId && c.paused)).toMatchObject({ state: 'recording' });
    const notYours = await pause(bed, other.cookie, call.callId, 'resume');
    expect([notYours.status, (await body(notYours)).error.code]).toEqual([409, 'not_your_call']);
    expect((await pause(bed, supervisor.cookie, call.callId, 'resume')).status).toBe(403);
    const bad = await pause(bed, agent.cookie, call.callId, 'stop');
    expect([bad.status, (await body(bad)).error.code]).toEqual([400, 'invalid_input']);
    expect((await pause(bed, agent.cookie, call.callId, 'resume')).status).toBe(204);
    await agent.console.next('recording:changed', (c) => c.callId === call.callId && !c.paused && c.state === 'recording');
    const inProgress = await bed.t.fetch(`/api/calls/${call.callId}/recording`, { cookie: supervisor.cookie });
    expect([inProgress.status, (await body(inProgress)).error.fields.reason]).toEqual([404, 'in_progress']);

    bed.sim.hangup(call.channel);
    expect(await supervisor.console.next('recording:changed', (c) => c.callId === call.callId && c.state !== 'recording')).toMatchObject({ state: 'available' });
    expect(pbx).toEqual(['MixMonitorStart', 'MixMonitorMute1', 'MixMonitorMute0']);

    const file = await readFile(path.join(dir, `${call.callId}.wav`));
    const played = await bed.t.fetch(`/api/calls/${call.callId}/recording`, { cookie: supervisor.cookie });
    expect([played.status, played.headers.get('accept-ranges'), played.headers.get('content-type')]).toEqual([200, 'bytes', 'audio/wav']);
    expect(Buffer.from(await played.arrayBuffer()).equals(file)).toBe(true);
    const ranged = await bed.t.fetch(`/api/calls/${call.callId}/recording`, { cookie: supervisor.cookie, headers: { range: 'bytes=44-143' } });
    expect([ranged.status, ranged.headers.get('content-range')]).toEqual([206, `bytes 44-143/${file.length}`]);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(file.subarray(44, 144))).toBe(true);

    // Downloads are the admins'; agents hear nothing unless the city allows their own shift's calls.
    expect((await bed.t.fetch(`/api/calls/${call.callId}/recording?download=1`, { cookie: supervisor.cookie })).status).toBe(403);
    const download = await bed.t.fetch(`/api/calls/${call.callId}/recording?download=1`, { cookie: admin.cookie });
    expect([download.status, download.headers.get('content-disposition')]).toEqual([200, `attachment; filename=${call.callId}.wav`]);
    await download.arrayBuffer();
    expect((await bed.t.fetch(`/api/calls/${call.callId}/recording`, { cookie: agent.cookie })).status).toBe(403);
    expect((await bed.t.fetch(`/api/calls/${call.callId}/recording`, { cookie: other.cookie })).status).toBe(403);

    const audit = await bed.t.db.dataSource.query(`SELECT user_id AS "userId", action, detail FROM audit_log WHERE entity = 'call' AND entity_id = $1 ORDER BY id`, [call.callId]);
    expect(audit).toEqual([
      { userId: supervisor.id, action: 'recording_play', detail: { range: null } },
      { userId: supervisor.id, action: 'recording_play', detail: { range: 'bytes=44-143' } },
      { userId: admin.id, action: 'recording_download', detail: { range: null } },
    ]);
    const timeline = await body(await bed.t.fetch(`/api/calls/${call.callId}/recording/timeline`, { cookie: supervisor.cookie }));
    expect(timeline.items.map((e: { action: string; userId: number | null }) => [e.action, e.userId])).toEqual([
      ['started', null], ['paused', agent.id], ['resumed', agent.id], ['available', null], ['played', supervisor.id], ['played', supervisor.id], ['downloaded', admin.id],
    ]);
    const mine = await eventually(async () => {
      const items = (await body(await bed.t.fetch('/api/calls/mine', { cookie: agent.cookie }))).items;
      return items.find((c: { callId: string; endedAt: string | null }) => c.callId === call.callId && c.endedAt);
    }, 'the call in my calls');
    expect(mine.recording).toEqual({ available: true, durationSeconds: expect.any(Number) });
    expect(mine.recording.durationSeconds).toBeGreaterThan(0);
  });

  it('when the recordings folder is missing or full, then the call goes on unrecorded, supervisors are told why, and the recording is a 404 with that reason', async () => {
    for (const [settings, fault] of [[{ dir: '/nonexistent/monitor' }, 'folder_missing'], [{ minFreeMb: Number.MAX_SAFE_INTEGER }, 'folder_full']] as const) {
      const { bed } = await bedRecording(settings);
      const agent = await desk(bed, 'agent', 'PJSIP/1001');
      const supervisor = await desk(bed, 'supervisor');
      const started: string[] = [];
      bed.sim.onEvent((name) => started.push(name));
      const call = await answeredCall(bed, agent.console);
      expect(await supervisor.console.next('recording:changed', (c) => c.callId === call.callId)).toMatchObject({ state: 'failed', fault });
      bed.sim.hangup(call.channel);
      await agent.console.next('call:ended', (c) => c.callId === call.callId);
      expect(started).not.toContain('MixMonitorStart');
      const res = await bed.t.fetch(`/api/calls/${call.callId}/recording`, { cookie: supervisor.cookie });
      expect([res.status, (await body(res)).error]).toEqual([404, expect.objectContaining({ code: 'no_recording', fields: { reason: fault } })]);
      const paused = await pause(bed, agent.cookie, call.callId, 'pause');
      expect(paused.status).toBe(409);
    }
  });

  it('when the AMI user may not start MixMonitor (no write=system), then the call goes on and supervisors are told pbx_refused', async () => {
    const { bed } = await bedRecording({}, { users: { hromada: { secret: 'hromada-sim', write: 'call,agent,originate,reporting' } } });
    const agent = await desk(bed, 'agent', 'PJSIP/1001');
    const supervisor = await desk(bed, 'supervisor');
    const call = await answeredCall(bed, agent.console);
    expect(await supervisor.console.next('recording:changed', (c) => c.callId === call.callId)).toMatchObject({ state: 'failed', fault: 'pbx_refused' });
    bed.sim.hangup(call.channel);
    await agent.console.next('call:ended', (c) => c.callId === call.callId);
  });

  it('when RECORDINGS=all, then a click-to-call is recorded from the citizen\'s answer; with queues only, it is not', async () => {
    for (const mode of ['all', 'queues'] as const) {
      const { bed, dir } = await bedRecording({ mode }, { agents: 1, dial: () => ({ answer: true, afterMs: 20 }), citizens: () => ({ outcome: 'answer', ringMs: 50, talkMs: 1500 }) });
      const agent = await desk(bed, 'agent', 'PJSIP/1001');
      const supervisor = await desk(bed, 'supervisor');
      const res = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number: '0675551001' } });
      const { callId } = await body(res);
      await agent.console.next('call:ended', (c) => c.callId === callId);
      if (mode === 'all') {
        expect(await supervisor.console.next('recording:changed', (c) => c.callId === callId && c.state !== 'recording')).toMatchObject({ state: 'available' });
        expect((await readFile(path.join(dir, `${callId}.wav`))).toString('ascii', 0, 4)).toBe('RIFF');
      } else {
        const asked = await bed.t.fetch(`/api/calls/${callId}/recording`, { cookie: supervisor.cookie });
        expect([asked.status, (await body(asked)).error.fields.reason]).toEqual([404, 'not_recorded']);
      }
    }
  });

  it('when a call ended while our server was down, then the next server closes its recording from its file after its first resync', async () => {
    const { bed, dir } = await bedRecording({ mode: 'queues' });
    const agent = await desk(bed, 'agent', 'PJSIP/1001');
    const supervisor = await desk(bed, 'supervisor');
    const call = await answeredCall(bed, agent.console);
    await supervisor.console.next('recording:changed', (c) => c.callId === call.callId && c.state === 'recording');
    bed.t.calls.stop();
    await bed.telephony.stop();
    bed.sim.hangup(call.channel);
    await bed.sim.recordingsWritten();
    await readFile(path.join(dir, `${call.callId}.wav`));
    // A new server on the same database: its PBX picture has no such call, and no event will ever end it.
    const telephony = createTelephony({ host: bed.sim.host, port: bed.sim.port, ...bed.sim.credentials, timing: fastTiming });
    const next = await startTestApp({ telephony, calls: { recordings: { mode: 'queues', dir, minFreeMb: 0 } } }, { db: bed.t.db });
    telephony.start();
    try {
      const state = await eventually(async () => {
        const [row] = await next.db.dataSource.query('SELECT state FROM recordings WHERE call_id = $1', [call.callId]);
        return row?.state !== 'recording' && row?.state;
      }, 'the recording closed', 20_000);
      expect(state).toBe('available');
    } finally {
      next.calls.stop();
      await telephony.stop();
    }
  });

  it('when a call had no recording (recordings off), then asking for it is a 404 no_recording, not_recorded', async () => {
    const { bed } = await bedRecording({ mode: 'off' });
    const agent = await desk(bed, 'agent', 'PJSIP/1001');
    const supervisor = await desk(bed, 'supervisor');
    const call = await answeredCall(bed, agent.console);
    const paused = await pause(bed, agent.cookie, call.callId, 'pause');
    expect([paused.status, (await body(paused)).error.code]).toEqual([409, 'not_recording']);
    bed.sim.hangup(call.channel);
    await agent.console.next('call:ended', (c) => c.callId === call.callId);
    const res = await bed.t.fetch(`/api/calls/${call.callId}/recording`, { cookie: supervisor.cookie });
    expect([res.status, (await body(res)).error]).toEqual([404, expect.objectContaining({ code: 'no_recording', fields: { reason: 'not_recorded' } })]);
  });

  it('when the city lets agents hear their own shift, then an agent plays their own call and still not another agent\'s (403)', async () => {
    const { bed } = await bedRecording({ mode: 'all', agentOwnHours: 12 });
    const agent = await desk(bed, 'agent', 'PJSIP/1001');
    const other = await desk(bed, 'agent', 'PJSIP/1002');
    const supervisor = await desk(bed, 'supervisor');
    const call = await answeredCall(bed, agent.console);
    await supervisor.console.next('recording:changed', (c) => c.callId === call.callId && c.state === 'recording');
    bed.sim.hangup(call.channel);
    await supervisor.console.next('recording:changed', (c) => c.callId === call.callId && c.state === 'available');
    await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [call.callId]))[0], 'the call ended in the log');
    const own = await bed.t.fetch(`/api/calls/${call.callId}/recording`, { cookie: agent.cookie });
    expect(own.status).toBe(200);
    await own.arrayBuffer();
    expect((await bed.t.fetch(`/api/calls/${call.callId}/recording`, { cookie: other.cookie })).status).toBe(403);
    expect((await bed.t.fetch(`/api/calls/${call.callId}/recording?download=1`, { cookie: agent.cookie })).status).toBe(403);
  });
});
