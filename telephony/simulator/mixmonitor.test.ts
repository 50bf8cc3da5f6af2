import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from './index';
import { startSimulator } from './index';
import { frameField, readTranscript, type Frame } from './transcript';
import { RawAmiClient, get, type RawMessage } from '../../test/fixtures/ami/raw-client';

const TRANSCRIPT = path.join(__dirname, '../../test/fixtures/ami/mixmonitor-asterisk22.transcript');

let sim: Simulator;
let client: RawAmiClient;
let dir: string;
afterEach(async () => {
  client?.close();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The lab's exchange, action by action: what was sent, the answer, and the MixMonitor events before the next action. */
function exchanges(frames: Frame[]) {
  const out: Array<{ action: Frame; reply: Frame; events: Frame[] }> = [];
  frames.forEach((f, i) => {
    const id = frameField(f, 'ActionID');
    if (!f.sent || !id || ['login', 'orig'].includes(id)) return;
    const rest = frames.slice(i + 1);
    const next = rest.findIndex((g) => g.sent);
    const window = next < 0 ? rest : rest.slice(0, next);
    const reply = window.find((g) => frameField(g, 'ActionID') === id && frameField(g, 'Response'))!;
    out.push({ action: f, reply, events: window.filter((g) => /^MixMonitor/.test(frameField(g, 'Event') ?? '')) });
  });
  return out;
}

const names = (fields: Array<[string, string]>) => fields.map(([k]) => k).filter((k) => k !== 'ActionID');

describe('simulator: MixMonitor as Asterisk 22 does it', () => {
  it('when the lab transcript is replayed on a live queue call, then every answer and MixMonitor event matches, and the file is a WAV of the recording\'s length, silent while muted', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sim-monitor-'));
    sim = await startSimulator({ loginFailureDelayMs: 10, agents: 1, monitorDir: dir, asteriskVersion: 22 });
    client = await RawAmiClient.open(sim.port);
    await client.login(sim.credentials.username, sim.credentials.secret);
    const call = sim.placeCall({ from: '+380671234567', queue: 'support', ringMs: 10, talkMs: 60_000 });
    await client.next((m) => get(m, 'Event') === 'AgentConnect' && get(m, 'Linkedid') === call.callId, 'AgentConnect');

    const lab = readTranscript(TRANSCRIPT);
    const labChannel = frameField(lab.find((f) => frameField(f, 'Event') === 'MixMonitorStart')!, 'Channel');
    const spans: Record<string, number> = {};
    for (const { action, reply, events } of exchanges(lab)) {
      const fields = Object.fromEntries(action.fields.map(([k, v]) => [k, v === labChannel ? call.channel : v]));
      const from = client.messages.length;
      spans[`${fields.ActionID}:sent`] = Date.now();
      client.send(fields);
      const answer = await client.next((m) => get(m, 'ActionID') === fields.ActionID, `answer to ${fields.ActionID}`, from);
      spans[`${fields.ActionID}:answered`] = Date.now();
      // A Ping after each action: whatever the action made the PBX say has been said by its Pong.
      client.send({ Action: 'Ping', ActionID: `ping-${fields.ActionID}` });
      await client.next((m) => get(m, 'ActionID') === `ping-${fields.ActionID}`, 'pong', from);
      const got = client.messages.slice(from).filter((m: RawMessage) => /^MixMonitor/.test(get(m, 'Event') ?? ''));

      expect([get(answer, 'Response'), get(answer, 'Message')], fields.ActionID).toEqual([frameField(reply, 'Response'), frameField(reply, 'Message')]);
      expect(got.map((m) => get(m, 'Event')), fields.ActionID).toEqual(events.map((e) => frameField(e, 'Event')));
      got.forEach((m, i) => {
        expect(names(m), `${fields.ActionID} ${get(m, 'Event')}`).toEqual(names(events[i]!.fields));
        expect([get(m, 'Direction'), get(m, 'State'), get(m, 'Linkedid')]).toEqual([frameField(events[i]!, 'Direction'), frameField(events[i]!, 'State'), get(m, 'Linkedid') && call.callId]);
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }

    await sim.recordingsWritten();
    const labFile = frameField(lab.find((f) => frameField(f, 'ActionID') === 'mm1' && f.sent)!, 'File')!;
    const wav = await readFile(path.join(dir, labFile));
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect(wav.readUInt32LE(24)).toBe(8000);
    const seconds = wav.readUInt32LE(40) / 2 / 8000;
    // It ran from the MixMonitor's answer to the StopMixMonitor: no shorter than that, no longer than their sending.
    expect(seconds).toBeGreaterThanOrEqual((spans['stop1:sent']! - spans['mm1:answered']!) / 1000 - 0.01);
    expect(seconds).toBeLessThanOrEqual((spans['stop1:answered']! - spans['mm1:sent']!) / 1000 + 0.01);
    const samples = Array.from({ length: wav.readUInt32LE(40) / 2 }, (_, i) => wav.readInt16LE(44 + i * 2));
    const mutedFrom = Math.ceil(((spans['mute1:answered']! - spans['mm1:sent']!) / 1000) * 8000);
    const mutedTo = Math.floor(((spans['mute0:sent']! - spans['mm1:answered']!) / 1000) * 8000);
    expect(mutedTo).toBeGreaterThan(mutedFrom);
    expect(samples.slice(mutedFrom, mutedTo).every((s) => s === 0)).toBe(true);
    expect(samples.slice(0, mutedFrom).some((s) => s !== 0)).toBe(true);
    // The second recording ended with the hang-up, with no event, and was written all the same.
    const second = await readFile(path.join(dir, frameField(lab.find((f) => frameField(f, 'ActionID') === 'mm2' && f.sent)!, 'File')!));
    expect(second.toString('ascii', 0, 4)).toBe('RIFF');
  });

  it('when the user may not write system, then MixMonitor is refused as Asterisk refuses it', async () => {
    sim = await startSimulator({ loginFailureDelayMs: 10, agents: 1, users: { hromada: { secret: 's', write: 'call,agent,originate,reporting' } } });
    client = await RawAmiClient.open(sim.port);
    await client.login('hromada', 's');
    client.send({ Action: 'MixMonitor', Channel: 'PJSIP/1001-00000001', File: 'x.wav', ActionID: 'mm' });
    const answer = await client.next((m) => get(m, 'ActionID') === 'mm', 'answer');
    expect(get(answer, 'Response')).toBe('Error');
    expect(get(answer, 'Message')).toBe('Permission denied');
  });
});
