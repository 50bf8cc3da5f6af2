import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../ami/message';
import { TelephonyState } from './telephony-state';
import { pbxFacts } from './pbx-facts';
import { createTranslator } from '../ami/translator';
import { loadTranscript } from '../../test/fixtures/ami/load';

const at = '2026-11-28T10:00:00.000Z';

function channel(fields: Record<string, string>): AmiMessage {
  return { event: 'CoreShowChannel', actionid: 'r1', channelstate: '6', calleridnum: '<unknown>', calleridname: '<unknown>', bridgeid: '', ...fields };
}

const caller = (bridge = '') => channel({ channel: 'PJSIP/trunk-0000002a', uniqueid: 'c.1', linkedid: 'c.1', calleridnum: '+380671234567', calleridname: 'Ivan', application: 'Queue', applicationdata: 'support,t,,,600', bridgeid: bridge });
const agentLeg = (state: string, bridge = '') => channel({ channel: 'PJSIP/1001-0000002b', uniqueid: 'c.2', linkedid: 'c.1', channelstate: state, application: 'AppQueue', applicationdata: '(Outgoing Line)', bridgeid: bridge });
const entry: AmiMessage = { event: 'QueueEntry', queue: 'support', position: '1', channel: 'PJSIP/trunk-0000002a', uniqueid: 'c.1', calleridnum: '+380671234567', calleridname: 'Ivan', wait: '30', actionid: 'r2' };
const params: AmiMessage = { event: 'QueueParams', queue: 'support', servicelevel: '20', actionid: 'r2' };
const member: AmiMessage = { event: 'QueueMember', queue: 'support', name: 'agent-alice', location: 'PJSIP/1001', status: '6', paused: '0', incall: '0', callstaken: '3', actionid: 'r2' };

function facts(channels: AmiMessage[], queueStatus: AmiMessage[] = [params, member]) {
  return pbxFacts({ channels, queueStatus, queueSummary: [] }, at, 'PJSIP');
}

describe('rebuilding the state from a resync', () => {
  it('when the first resync finds a call ringing at a member, then the pop is published and the caller is waiting since Wait', () => {
    const state = new TelephonyState();
    const events = state.replaceWith(facts([caller(), agentLeg('5')], [params, member, entry]), at);
    expect(events).toEqual([expect.objectContaining({ name: 'call:offered', callId: 'c.1', interface: 'PJSIP/1001', memberName: 'agent-alice', callerNumber: '+380671234567', agentChannelId: 'c.2' })]);
    const snapshot = state.snapshot(at);
    expect(snapshot.calls).toEqual([expect.objectContaining({ callId: 'c.1', phase: 'ringing', queue: 'support' })]);
    expect(snapshot.queues[0]?.waiting).toEqual([expect.objectContaining({ callId: 'c.1', position: 1, since: '2026-11-28T09:59:30.000Z' })]);
    expect(snapshot.queues[0]?.members[0]).toMatchObject({ interface: 'PJSIP/1001', memberName: 'agent-alice', status: 'ringing', callsTaken: 3 });
    expect(snapshot.queues[0]?.today.serviceLevelSeconds).toBe(20);
  });

  it('when the same facts come again, then nothing is published', () => {
    const state = new TelephonyState();
    state.replaceWith(facts([caller(), agentLeg('5')]), at);
    expect(state.replaceWith(facts([caller(), agentLeg('5')]), at)).toEqual([]);
  });

  it('when the member answered while we were away, then call:answered is published', () => {
    const state = new TelephonyState();
    state.replaceWith(facts([caller(), agentLeg('5')]), at);
    const events = state.replaceWith(facts([caller('b1'), agentLeg('6', 'b1')]), at);
    expect(events).toEqual([expect.objectContaining({ name: 'call:answered', callId: 'c.1', interface: 'PJSIP/1001' })]);
    expect(state.snapshot(at).calls[0]).toMatchObject({ phase: 'connected', connectedTo: 'PJSIP/1001' });
  });

  it('when a known call is gone at the resync, then it ends (we did not see how)', () => {
    const state = new TelephonyState();
    state.replaceWith(facts([caller('b1'), agentLeg('6', 'b1')]), at);
    expect(state.replaceWith(facts([]), at)).toEqual([expect.objectContaining({ name: 'call:ended', callId: 'c.1', hangupBy: 'unknown', interface: 'PJSIP/1001' })]);
    expect(state.snapshot(at).calls).toEqual([]);
  });

  it('when Local member channels are listed, then they make one call ringing at the phone', () => {
    const state = new TelephonyState();
    const local = [
      caller(),
      channel({ channel: 'Local/1001@from-queue-00000003;1', uniqueid: 'c.3', linkedid: 'c.1', channelstate: '5', application: 'AppQueue', applicationdata: '(Outgoing Line)' }),
      channel({ channel: 'Local/1001@from-queue-00000003;2', uniqueid: 'c.4', linkedid: 'c.1', channelstate: '4', application: 'Dial', applicationdata: 'PJSIP/1001,,tr' }),
      channel({ channel: 'PJSIP/1001-00000004', uniqueid: 'c.5', linkedid: 'c.1', channelstate: '5', application: 'AppDial', applicationdata: '(Outgoing Line)' }),
    ];
    state.replaceWith(facts(local), at);
    expect(state.snapshot(at).calls).toEqual([expect.objectContaining({ callId: 'c.1', ringing: ['PJSIP/1001'] })]);
  });

  it('when channels run ConfBridge, then the rooms are rebuilt from them', () => {
    const state = new TelephonyState();
    state.replaceWith(facts([channel({ channel: 'PJSIP/1001-00000009', uniqueid: 'k.1', linkedid: 'k.1', calleridnum: '1001', application: 'ConfBridge', applicationdata: '8001,consult_bridge,official_user' })]), at);
    expect(state.snapshot(at).conferences).toEqual([{ room: '8001', participants: [expect.objectContaining({ channelId: 'k.1', callerNumber: '1001' })] }]);
  });

  it('when calls were counted before a reconnect, then the counters survive the rebuild', () => {
    const state = new TelephonyState();
    const translate = createTranslator({ now: () => new Date(at) });
    for (const m of loadTranscript('queue-answered-pjsip.ami')) for (const e of translate(m)) state.apply(e);
    state.replaceWith(facts([]), '2025-11-28T09:00:00.000Z');
    expect(state.snapshot('2025-11-28T09:00:00.000Z').queues[0]?.today).toMatchObject({ offered: 1, answered: 1 });
  });

  it('when the link was lost and the call is gone at the resync, then it ends when it was last known alive, marked estimated', () => {
    const state = new TelephonyState();
    state.replaceWith(facts([caller('b1'), agentLeg('6', 'b1')]), '2026-11-28T09:59:00.000Z');
    state.linkLost('2026-11-28T09:59:03.000Z');
    const events = state.replaceWith(facts([]), '2026-11-28T10:01:04.000Z');
    expect(events).toEqual([expect.objectContaining({ name: 'call:ended', callId: 'c.1', at: '2026-11-28T09:59:03.000Z', talkSeconds: 3, estimated: true })]);
  });

  it('when Asterisk comes back freshly booted after a lost link, then its calls end at the last sign of life, estimated', () => {
    const state = new TelephonyState();
    state.replaceWith(facts([caller('b1'), agentLeg('6', 'b1')]), '2026-11-28T09:59:00.000Z');
    state.linkLost('2026-11-28T09:59:03.000Z');
    const events = state.apply({ name: 'pbx:restarted', at: '2026-11-28T10:01:00.000Z' });
    expect(events).toContainEqual(expect.objectContaining({ name: 'call:ended', at: '2026-11-28T09:59:03.000Z', estimated: true, hangupBy: 'system' }));
  });

  it('when a queue is no longer reported, then a resync drops it (a flood of queue names does not stay forever)', () => {
    const state = new TelephonyState();
    state.apply({ name: 'call:queued', callId: 'x.1', channelId: 'x.1', queue: 'bogus-1', position: 1, callerNumber: '1', callerName: '', at });
    expect(state.snapshot(at).queues.map((q) => q.name)).toContain('bogus-1');
    state.replaceWith(facts([]), at);
    expect(state.snapshot(at).queues.map((q) => q.name)).toEqual(['support']);
  });

  it('when QueueStatus shows members changed (a reload), then the refresh publishes them and drops what is gone', () => {
    const state = new TelephonyState();
    state.replaceWith(facts([]), at);
    const second: AmiMessage = { ...member, name: 'agent-bob', location: 'Local/1002@agents/n', status: '1' };
    const events = state.refreshQueues(facts([], [params, second]).queues, at);
    expect(events.map((e) => [e.name, 'interface' in e ? e.interface : null])).toEqual([['member:removed', 'PJSIP/1001'], ['member:added', 'PJSIP/1002']]);
    expect(state.snapshot(at).queues[0]?.members.map((m) => m.interface)).toEqual(['PJSIP/1002']);
    expect(state.refreshQueues(facts([], [params, second]).queues, at)).toEqual([]);
  });
});
