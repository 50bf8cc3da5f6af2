import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../ami/message';
import type { TelephonyEvent } from '../events';
import { createTranslator } from '../ami/translator';
import { TelephonyState } from './telephony-state';
import { loadTranscript } from '../../test/fixtures/ami/load';

const translate = createTranslator({ now: () => new Date('2026-11-28T10:00:00.000Z') });

function run(messages: AmiMessage[], state = new TelephonyState()) {
  const published: TelephonyEvent[] = [];
  for (const m of messages) for (const e of translate(m)) published.push(...state.apply(e));
  return { state, published, calls: published.filter((e) => e.name.startsWith('call:')) };
}

const names = (events: TelephonyEvent[]) => events.map((e) => e.name);
const at = '2025-11-28T12:00:00.000Z';

/** Index of the first message of an event name in a transcript (to stop midway). */
function upTo(messages: AmiMessage[], event: string): AmiMessage[] {
  return messages.slice(0, messages.findIndex((m) => m.event === event) + 1);
}

describe('call state on the reference sequences', () => {
  const pjsip = loadTranscript('queue-answered-pjsip.ami');

  it('when AgentCalled has been seen, then the snapshot shows the call ringing at the member', () => {
    const { state } = run(upTo(pjsip, 'AgentCalled'));
    expect(state.snapshot(at).calls).toEqual([expect.objectContaining({ callId: '1764316800.10', phase: 'ringing', ringing: ['PJSIP/1001'], callerNumber: '+380671234567' })]);
    expect(state.snapshot(at).queues[0]?.waiting).toEqual([expect.objectContaining({ callId: '1764316800.10', position: 1 })]);
  });

  it('when AgentConnect has been seen, then the call is connected and the member in call', () => {
    const { state } = run(upTo(pjsip, 'AgentConnect'));
    const snapshot = state.snapshot(at);
    expect(snapshot.calls[0]).toMatchObject({ phase: 'connected', connectedTo: 'PJSIP/1001', ringing: [] });
    expect(snapshot.queues[0]?.members[0]).toMatchObject({ interface: 'PJSIP/1001', inCall: true });
    expect(snapshot.queues[0]?.waiting).toEqual([]);
  });

  it('when the call is over, then it leaves the live state and today counts it once', () => {
    const { state, calls } = run(pjsip);
    expect(names(calls)).toEqual(['call:queued', 'call:offered', 'call:dequeued', 'call:answered', 'call:ended']);
    const snapshot = state.snapshot('2025-11-28T08:10:00.000Z');
    expect(snapshot.calls).toEqual([]);
    expect(state.calls.channels.size).toBe(0);
    expect(snapshot.queues[0]?.today).toMatchObject({ offered: 1, answered: 1, abandoned: 0, answeredWithinServiceLevel: 1, waitSecondsSum: 6, talkSecondsSum: 143 });
    expect(snapshot.queues[0]?.members[0]).toMatchObject({ status: 'idle', inCall: false, callsTaken: 13 });
  });

  it('when every event arrives twice, then the published events and the counters are the same as once', () => {
    const once = run(pjsip);
    const twice = run(pjsip.flatMap((m) => [m, m]));
    expect(twice.published).toEqual(once.published);
    expect(twice.state.snapshot(at)).toEqual(once.state.snapshot(at));
  });

  it('when AgentComplete comes after the Hangups (another topic), then the call still ends once with its reason', () => {
    const complete = pjsip.find((m) => m.event === 'AgentComplete')!;
    const reordered = [...pjsip.filter((m) => m !== complete), complete];
    const { calls } = run(reordered);
    const ended = calls.filter((e) => e.name === 'call:ended');
    expect(ended).toEqual([expect.objectContaining({ hangupBy: 'caller', talkSeconds: 143, holdSeconds: 6 })]);
  });

  it('when Asterisk sends no AgentComplete (bursts), then the answered call ends at the last hang-up with the real talk time', () => {
    const { state, calls } = run(loadTranscript('queue-answered-no-agentcomplete.ami'));
    expect(names(calls)).toEqual(['call:queued', 'call:offered', 'call:dequeued', 'call:answered', 'call:ended']);
    expect(calls.at(-1)).toMatchObject({ hangupBy: 'caller', talkSeconds: 143, interface: 'PJSIP/1001', at: '2025-11-28T08:02:29.160Z' });
    expect(state.snapshot(at).calls).toEqual([]);
    expect(state.snapshot('2025-11-28T08:10:00.000Z').queues[0]?.today).toMatchObject({ answered: 1, talkSecondsSum: 143 });
  });

  it('when a Local member\'s call has no AgentComplete, then it ends once its caller and member legs are gone', () => {
    const { calls, state } = run(loadTranscript('queue-answered-local-no-agentcomplete.ami'));
    expect(calls.filter((e) => e.name === 'call:ended')).toEqual([expect.objectContaining({ callId: '1764316800.20', interface: 'PJSIP/1001', talkSeconds: 42 })]);
    expect(state.calls.calls.size).toBe(0);
  });

  it('when only the caller has hung up, then the answered call is still going on (the member leg lives)', () => {
    const missing = loadTranscript('queue-answered-no-agentcomplete.ami');
    const firstHangup = missing.findIndex((m) => m.event === 'Hangup');
    const { calls, state } = run(missing.slice(0, firstHangup + 1));
    expect(calls.some((e) => e.name === 'call:ended')).toBe(false);
    expect(state.snapshot(at).calls).toHaveLength(1);
  });

  it('when QueueMemberStatus InCall:1 comes before AgentConnect, then the member ends idle and not in call', () => {
    const inUse = pjsip.filter((m) => m.event === 'QueueMemberStatus')[1]!;
    const connectAt = pjsip.findIndex((m) => m.event === 'AgentConnect');
    const reordered = pjsip.filter((m) => m !== inUse);
    reordered.splice(connectAt - 1, 0, inUse);
    const { state } = run(reordered);
    expect(state.snapshot(at).queues[0]?.members[0]).toMatchObject({ status: 'idle', inCall: false });
  });

  it('when members are FreePBX Local channels, then one call exists, keyed by Linkedid, answered by the phone', () => {
    const local = loadTranscript('queue-answered-local-member.ami');
    const mid = run(upTo(local, 'AgentConnect'));
    expect(mid.state.snapshot(at).calls).toEqual([expect.objectContaining({ callId: '1764316800.20', connectedTo: 'PJSIP/1001', callerNumber: '0671234567' })]);
    const { calls, state } = run(local);
    expect(calls.filter((e) => e.name === 'call:offered')).toEqual([expect.objectContaining({ interface: 'PJSIP/1001', callId: '1764316800.20' })]);
    expect(calls.at(-1)).toMatchObject({ name: 'call:ended', hangupBy: 'agent', talkSeconds: 42, interface: 'PJSIP/1001' });
    expect(state.calls.calls.size).toBe(0);
  });

  it('when a Local member rings out and the next answers, then the pop moves from one phone to the other', () => {
    const { calls } = run(loadTranscript('queue-local-member-no-answer-then-answer.ami'));
    expect(calls.map((e) => [e.name, 'interface' in e ? e.interface : null, 'reason' in e ? e.reason : null])).toEqual([
      ['call:queued', null, null],
      ['call:offered', 'PJSIP/1001', null],
      ['call:retracted', 'PJSIP/1001', 'no_answer'],
      ['call:offered', 'PJSIP/1002', null],
      ['call:dequeued', null, null],
      ['call:answered', 'PJSIP/1002', null],
      ['call:ended', 'PJSIP/1002', null],
    ]);
  });

  it('when a member rings out, then the retraction is published once', () => {
    const { calls } = run(loadTranscript('queue-ring-no-answer-then-next.ami'));
    expect(calls.filter((e) => e.name === 'call:retracted')).toEqual([expect.objectContaining({ interface: 'PJSIP/1001', reason: 'no_answer', queue: 'support' })]);
    expect(calls.filter((e) => e.name === 'call:answered')).toEqual([expect.objectContaining({ interface: 'PJSIP/1002' })]);
  });

  it('when ringall is answered by one member, then the other is retracted as answered elsewhere', () => {
    const { calls } = run(loadTranscript('queue-ringall-answered-elsewhere.ami'));
    expect(calls.filter((e) => e.name === 'call:retracted')).toEqual([expect.objectContaining({ interface: 'PJSIP/1001', reason: 'answered_elsewhere' })]);
  });

  it('when the caller hangs up while a member rings, then the pop is retracted as caller left and the call is abandoned', () => {
    const { calls, state } = run(loadTranscript('queue-abandoned-while-ringing.ami'));
    expect(names(calls)).toEqual(['call:queued', 'call:offered', 'call:abandoned', 'call:retracted', 'call:ended']);
    expect(calls.find((e) => e.name === 'call:retracted')).toMatchObject({ reason: 'caller_left', interface: 'PJSIP/1001' });
    expect(calls.at(-1)).toMatchObject({ hangupBy: 'caller', talkSeconds: 0, interface: null });
    expect(state.snapshot(at).queues[0]?.today).toMatchObject({ offered: 1, answered: 0, abandoned: 1, waitSecondsSum: 8 });
  });

  it('when the agent transfers, then the agent part ends, the target rings and answers, and the call ends with the target', () => {
    const { calls, state } = run(loadTranscript('queue-transfer.ami'));
    expect(names(calls).slice(-4)).toEqual(['call:transferred', 'call:offered', 'call:answered', 'call:ended']);
    expect(calls.at(-4)).toMatchObject({ interface: 'PJSIP/1001', talkSeconds: 40 });
    expect(calls.at(-3)).toMatchObject({ interface: 'PJSIP/2001', afterTransfer: true });
    expect(calls.at(-1)).toMatchObject({ hangupBy: 'caller', interface: 'PJSIP/2001', talkSeconds: 40 });
    expect(state.calls.calls.size).toBe(0);
  });
});

describe('state edges', () => {
  it('when a Hangup names a channel we never saw, then nothing is published', () => {
    const { published } = run([{ event: 'Hangup', uniqueid: 'nobody.1', linkedid: 'nobody.1', channel: 'PJSIP/9-1', cause: '16' }]);
    expect(published).toEqual([]);
  });

  it('when a member is added twice and removed twice, then each change is published once', () => {
    const added: AmiMessage = { event: 'QueueMemberAdded', queue: 'support', membername: 'agent-nina', interface: 'PJSIP/1009', status: '1', paused: '0' };
    const removed: AmiMessage = { event: 'QueueMemberRemoved', queue: 'support', membername: 'agent-nina', interface: 'PJSIP/1009' };
    const { published, state } = run([added, added, removed, removed]);
    expect(names(published)).toEqual(['member:added', 'member:removed']);
    expect(state.snapshot(at).queues[0]?.members).toEqual([]);
  });

  it('when a caller ahead leaves the queue, then the ones behind move up', () => {
    const join = (id: string, position: number): AmiMessage => ({ event: 'QueueCallerJoin', queue: 'support', uniqueid: id, linkedid: id, calleridnum: id, position: String(position) });
    const { state } = run([join('a', 1), join('b', 2), { event: 'QueueCallerLeave', queue: 'support', uniqueid: 'a', linkedid: 'a' }]);
    expect(state.snapshot(at).queues[0]?.waiting).toEqual([expect.objectContaining({ callId: 'b', position: 1 })]);
  });

  it('when thousands of calls have come and gone, then the live state is empty and memory bounded', () => {
    const transcript = loadTranscript('queue-answered-pjsip.ami');
    const state = new TelephonyState({ finishedMemory: { count: 100 } });
    for (let i = 0; i < 1000; i++) {
      const renamed = transcript.map((m) => JSON.parse(JSON.stringify(m).replaceAll('1764316800.1', `${i}.1`)) as AmiMessage);
      run(renamed, state);
    }
    expect(state.calls.calls.size).toBe(0);
    expect(state.calls.channels.size).toBe(0);
    expect(state.snapshot(at).queues[0]?.today.answered).toBe(1000);
  });

  it('when a call is left without channels (its AgentComplete lost), then the sweep ends it after the idle time only', () => {
    const connect: AmiMessage = { event: 'AgentConnect', linkedid: 'lost.1', uniqueid: 'lost.1', queue: 'support', interface: 'PJSIP/1001', holdtime: '3', ringtime: '2', timestamp: '1764316800' };
    const { state } = run([connect]);
    expect(state.sweep('2025-11-28T08:05:00.000Z')).toEqual([]);
    expect(state.sweep('2025-11-28T08:11:00.000Z')).toEqual([expect.objectContaining({ name: 'call:ended', callId: 'lost.1', hangupBy: 'unknown' })]);
    expect(state.snapshot(at).calls).toEqual([]);
  });

  it('when Asterisk restarts, then every live call ends with hangupBy system', () => {
    const pjsip = loadTranscript('queue-answered-pjsip.ami');
    const { state } = run(upTo(pjsip, 'AgentConnect'));
    const published = state.apply({ name: 'pbx:restarted', at });
    expect(names(published)).toEqual(['pbx:restarted', 'call:ended']);
    expect(published[1]).toMatchObject({ hangupBy: 'system', callId: '1764316800.10' });
    expect(state.snapshot(at).calls).toEqual([]);
  });
});
