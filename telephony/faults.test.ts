import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../test/fixtures/ami/harness';
import { eventsNamed, startHarness } from '../test/fixtures/ami/harness';
import { waitFor } from '../test/fixtures/ami/wait';
import { AmiLinkError } from './ami/errors';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

async function connected(...args: Parameters<typeof startHarness>) {
  h = await startHarness(...args);
  await waitFor(() => h.resyncs.length > 0, 'first resync');
  return h;
}

const retries = () => h.logs.filter((l) => l.msg === 'ami link down, retrying').length;

describe('faults on the AMI link', () => {
  it('when the secret is wrong, then status is auth_failed and it keeps retrying with backoff', async () => {
    h = await startHarness({}, { secret: 'wrong' });
    await waitFor(() => retries() >= 3, 'three failed logins');
    expect(h.telephony.status()).toMatchObject({ state: 'auth_failed', error: 'Authentication failed' });
    const delays = h.logs.filter((l) => l.msg === 'ami link down, retrying').map((l) => (l.data as { retryInMs: number }).retryInMs);
    expect(delays[1]).toBeGreaterThan(delays[0] ?? 0);
  });

  it('when Asterisk cannot be reached yet, then status stays connecting with the error, and disconnected once a live link drops', async () => {
    h = await startHarness({}, {});
    h.sim.setOffline(true);
    await h.telephony.stop();
    h.telephony.start();
    await waitFor(() => h.telephony.status().error, 'first failure');
    expect(h.telephony.status().state).toBe('connecting');
    h.sim.setOffline(false);
    await waitFor(() => h.telephony.status().state === 'connected', 'connected');
    expect(h.telephony.status().error).toBeUndefined();
    h.sim.setOffline(true);
    await waitFor(() => h.telephony.status().state === 'disconnected', 'disconnected');
    expect(h.telephony.status().error).toMatch(/closed/);
  });

  it('when Asterisk is unreachable for a while, then a call that started meanwhile is popped after the resync, once', async () => {
    await connected({ agents: 2 });
    const before = h.sim.placeCall({ from: '+380670000001', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 20, talkMs: 60_000 });
    await waitFor(() => eventsNamed(h.events, 'call:answered').length, 'first call answered');
    h.sim.setOffline(true);
    await waitFor(() => h.telephony.status().state !== 'connected', 'link lost');
    const during = h.sim.placeCall({ from: '+380670000002', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 60_000 });
    h.sim.setOffline(false);
    await waitFor(() => h.resyncs.length >= 2, 'second resync');
    expect(h.telephony.snapshot().calls.map((c) => [c.callId, c.phase]).sort()).toEqual([
      [before.callId, 'connected'],
      [during.callId, 'ringing'],
    ].sort());
    expect(eventsNamed(h.events, 'call:offered').map((e) => [e.callId, e.interface])).toEqual([
      [before.callId, 'PJSIP/1001'],
      [during.callId, 'PJSIP/1002'],
    ]);
    expect(eventsNamed(h.events, 'call:answered')).toHaveLength(1);
    expect(eventsNamed(h.events, 'call:ended')).toEqual([]);
    h.sim.hangup(before.channel);
    await waitFor(() => eventsNamed(h.events, 'call:ended').length, 'first call ended');
    expect(eventsNamed(h.events, 'call:ended')).toEqual([expect.objectContaining({ callId: before.callId, hangupBy: 'caller' })]);
  });

  it('when Asterisk restarts, then the calls it carried end as system and the new state is empty', async () => {
    await connected({ agents: 1 });
    const placed = h.sim.placeCall({ from: '+380670000003', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 20, talkMs: 60_000 });
    await waitFor(() => eventsNamed(h.events, 'call:answered').length, 'answered');
    h.sim.restart();
    await waitFor(() => h.resyncs.length >= 2, 'resync after restart');
    expect(eventsNamed(h.events, 'call:ended')).toEqual([expect.objectContaining({ callId: placed.callId, hangupBy: 'system' })]);
    expect(eventsNamed(h.events, 'pbx:restarted').length).toBeGreaterThanOrEqual(1);
    expect(h.telephony.snapshot().calls).toEqual([]);
  });

  it('when the link drops in the middle of a message, then no bogus event comes out and the next call is fine', async () => {
    await connected({ agents: 1 });
    h.sim.injectRaw('Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/10', { thenClose: true });
    await waitFor(() => h.resyncs.length >= 2, 'resync after drop');
    h.sim.placeCall({ from: '+380670000004', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 20, talkMs: 50 });
    await waitFor(() => eventsNamed(h.events, 'call:ended').length, 'call after reconnect');
    const channels = eventsNamed(h.events, 'channel:created').map((e) => e.channel);
    expect(channels.every((c) => /^PJSIP\/(trunk|1001)-[0-9a-f]{8}$/.test(c))).toBe(true);
  });

  it('when garbage bytes arrive, then we reset the link ourselves and reconnect', async () => {
    await connected();
    h.sim.injectRaw('\u0000\u00ff\u0013garbage\r\n\u0001\u0002\r\n\r\n');
    await waitFor(() => h.resyncs.length >= 2, 'resync after garbage');
    expect(h.logs.some((l) => /protocol violation/.test(String((l.data as { error?: string })?.error)))).toBe(true);
  });

  it('when a 1 MB line arrives, then we reset the link instead of buffering it, and reconnect', async () => {
    await connected();
    h.sim.injectRaw(`Event: Flood\r\nData: ${'x'.repeat(1 << 20)}`);
    await waitFor(() => h.resyncs.length >= 2, 'resync after flood');
    expect(h.logs.some((l) => /too long/.test(String((l.data as { error?: string })?.error)))).toBe(true);
    expect(h.telephony.status().state).toBe('connected');
  });

  it('when an action is sent on a dead link, then it is rejected at once', async () => {
    await connected();
    h.sim.setOffline(true);
    await waitFor(() => h.telephony.status().state !== 'connected', 'link lost');
    await expect(h.telephony.pause('PJSIP/1001', true, 'x')).rejects.toThrow(AmiLinkError);
    await expect(h.telephony.originate({ channel: 'PJSIP/1001', application: 'Wait', data: '1' })).rejects.toThrow(/not connected/);
  });

  it('when the link dies with actions pending, then they are rejected', async () => {
    await connected();
    h.sim.setUnresponsive(true);
    const pending = h.telephony.pause('PJSIP/1001', true, 'x');
    h.sim.dropConnections();
    await expect(pending).rejects.toThrow(AmiLinkError);
    h.sim.setUnresponsive(false);
  });

  it('when Pings go unanswered, then the link is dropped and re-established', async () => {
    await connected({}, { timing: { pingIntervalMs: 100, pingTimeoutMs: 300, backoffInitialMs: 20, backoffMaxMs: 100, connectTimeoutMs: 500 } });
    h.sim.setUnresponsive(true);
    await waitFor(() => h.logs.some((l) => /ping unanswered/.test(String((l.data as { error?: string })?.error))), 'ping deadline');
    h.sim.setUnresponsive(false);
    await waitFor(() => h.resyncs.length >= 2 && h.telephony.status().state === 'connected', 'reconnected');
  });

  it('when an event names a channel nobody knows, then it is ignored', async () => {
    await connected();
    const unknown: Array<[string, string]> = [['Channel', 'PJSIP/9999-00000001'], ['Uniqueid', 'ghost.1'], ['Linkedid', 'ghost.1'], ['Cause', '16']];
    h.sim.emitEvent('Hangup', 'call', unknown);
    h.sim.emitEvent('DialEnd', 'call', [...unknown, ['DestChannel', 'PJSIP/9998-00000002'], ['DestUniqueid', 'ghost.2'], ['DialStatus', 'NOANSWER']]);
    await h.telephony.pause('PJSIP/1001', true, 'sync point');
    await waitFor(() => eventsNamed(h.events, 'member:paused').length, 'pause after the unknown events');
    expect(h.events.map((e) => e.name)).toEqual(['member:paused']);
  });
});
