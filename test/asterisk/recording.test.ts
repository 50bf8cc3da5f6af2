import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPhone } from './lab';
import { median, report, startLabBed, until, type LabBed, type LabConsole } from './testbed';

const ROUNDS = Number(process.env.ROUNDS ?? 10);

let bed: LabBed;
let agent: LabConsole;
let supervisor: LabConsole;
let monitor: string;

beforeAll(async () => {
  monitor = path.join(process.env.ASTERISK_LAB ?? path.join(process.env.HOME ?? '', 'asterisk-lab'), 'inst/var/spool/asterisk/monitor');
  // Same host: the server reads Asterisk's own monitor folder.
  bed = await startLabBed({ recordings: { mode: 'queues', start: 'server', dir: monitor, minFreeMb: 0 } });
  agent = await bed.agent('1004');
  supervisor = await bed.supervisor();
  await setPhone(bed.lab, '1004', { ring: 1, talk: 600 });
});

afterAll(async () => {
  await setPhone(bed.lab, '1004', { ring: 1, talk: 600 });
});

const wavSeconds = (wav: Buffer) => wav.readUInt32LE(40) / wav.readUInt32LE(28);

describe('recordings through a real Asterisk 22', () => {
  it('when an agent answers, then MixMonitor records the call; the agent pauses and resumes it through the API (MixMonitorMute); the file, read through the API, lasts as long as the call', async () => {
    const callId = `rec${Date.now() % 1_000_000}`;
    // The caller hears music on hold and so sends audio: a phone-less lab has no other media to record.
    const [reply] = await bed.driver.action({
      Action: 'Originate', Channel: 'Local/5000@from-trunk', Application: 'MusicOnHold', Data: 'default,900',
      CallerID: '"Lab recording" <+380674100001>', Async: 'true', Timeout: '10000', ChannelId: callId,
    });
    expect(reply.Response).toBe('Success');
    const answered = (await agent.next('call:answered', (c) => c.callId === callId, { timeoutMs: 30_000 })).at;
    const started = await supervisor.next('recording:changed', (c) => c.callId === callId && c.state === 'recording', { timeoutMs: 15_000 });
    expect(bed.listener.events.some((m) => m.Event === 'MixMonitorStart' && m.Linkedid === callId)).toBe(true);

    const latencies: Array<{ action: string; apiMs: number; eventMs: number }> = [];
    for (let i = 0; i < ROUNDS; i++) {
      for (const action of ['pause', 'resume'] as const) {
        const t0 = Date.now();
        const res = await bed.t.fetch(`/api/calls/${callId}/recording`, { method: 'POST', cookie: agent.cookie, json: { action } });
        const apiMs = Date.now() - t0;
        expect(res.status, await res.text()).toBe(204);
        const state = action === 'pause' ? '1' : '0';
        const event = await until(() => bed.listener.events.find((m) => m.Event === 'MixMonitorMute' && m.Linkedid === callId && m.State === state && m.at >= t0), `MixMonitorMute ${state}`);
        latencies.push({ action, apiMs, eventMs: event.at - t0 });
      }
    }
    const notYours = await bed.t.fetch(`/api/calls/${callId}/recording`, { method: 'POST', cookie: (await bed.t.login({ role: 'agent', interface: 'PJSIP/1099' })).cookie, json: { action: 'pause' } });
    expect(notYours.status).toBe(409);

    // A few seconds more of talk, so the file's length is the call's and not only the pauses'.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const hangup = await bed.t.fetch(`/api/calls/${callId}/hangup`, { method: 'POST', cookie: agent.cookie });
    expect(hangup.status).toBe(202);
    const available = await supervisor.next('recording:changed', (c) => c.callId === callId && c.state !== 'recording', { timeoutMs: 15_000 });
    expect(available.data).toMatchObject({ state: 'available' });
    const [row] = await bed.t.db.dataSource.query('SELECT talk_seconds AS "talkSeconds", answered_at, ended_at FROM calls WHERE id = $1', [callId]);
    const res = await bed.t.fetch(`/api/calls/${callId}/recording`, { cookie: supervisor.cookie });
    expect([res.status, res.headers.get('accept-ranges')]).toEqual([200, 'bytes']);
    const viaApi = Buffer.from(await res.arrayBuffer());
    const onDisk = await readFile(path.join(monitor, `${callId}.wav`));
    expect(viaApi.equals(onDisk)).toBe(true);
    const seconds = wavSeconds(viaApi);
    // MixMonitor starts a moment after the answer (our action) and writes silence while muted: the file is the call.
    expect(Math.abs(seconds - row.talkSeconds)).toBeLessThanOrEqual(2);

    const p = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, max ${Math.max(...xs)} ms`;
    const pauses = latencies.filter((l) => l.action === 'pause');
    const resumes = latencies.filter((l) => l.action === 'resume');
    report([
      `recordings (${ROUNDS} pauses and resumes on one call, lab Asterisk 22.10.1):`,
      `  answered → MixMonitorStart (our action): ${started.at - answered} ms`,
      `  POST pause  → MixMonitorMute State 1: ${p(pauses.map((l) => l.eventMs))} (the 204 itself: ${p(pauses.map((l) => l.apiMs))})`,
      `  POST resume → MixMonitorMute State 0: ${p(resumes.map((l) => l.eventMs))} (the 204 itself: ${p(resumes.map((l) => l.apiMs))})`,
      `  all: ${latencies.map((l) => l.eventMs).join(', ')} ms`,
      `  file: ${seconds.toFixed(2)} s of audio, ${viaApi.length} bytes; the call's talk time ${row.talkSeconds} s`,
    ].join('\n'));
  });
});
