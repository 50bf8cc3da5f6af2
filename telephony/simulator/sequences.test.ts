import { describe, expect, it } from 'vitest';
import type { PlaceCallOptions } from './queue-engine';
import type { SimulatorQueueConfig } from './core';
import type { Fields } from './wire';
import { createCore } from './core';
import { VirtualClock } from './clock';

interface Emitted {
  name: string;
  fields: Fields;
  /** Virtual time of the event, ms. */
  at: number;
}

/** Plays calls on a virtual clock and returns every event the PBX emitted. */
function play(queues: SimulatorQueueConfig[], calls: PlaceCallOptions[]): Emitted[] {
  const clock = new VirtualClock();
  const out: Emitted[] = [];
  const core = createCore(clock, (name, _class, fields) => out.push({ name, fields, at: clock.now() }), { queues });
  for (const call of calls) core.queues.placeCall(call);
  clock.runUntil(clock.now() + 10 * 60_000);
  return out;
}

const value = (e: Emitted | undefined, key: string) => e?.fields.find(([k]) => k === key)?.[1];
const keys = (e: Emitted | undefined) => e?.fields.map(([k]) => k) ?? [];
const SNAPSHOT = ['Channel', 'ChannelState', 'ChannelStateDesc', 'CallerIDNum', 'CallerIDName', 'ConnectedLineNum', 'ConnectedLineName', 'Language', 'AccountCode', 'Context', 'Exten', 'Priority', 'Uniqueid', 'Linkedid'];
const dest = SNAPSHOT.map((k) => `Dest${k}`);
const MEMBER_BLOB = ['Queue', 'MemberName', 'Interface', 'StateInterface', 'Membership', 'Penalty', 'CallsTaken', 'LastCall', 'LastPause', 'LoginTime', 'InCall', 'Status', 'Paused', 'PausedReason', 'Ringinuse', 'Wrapuptime'];
const one = [{ name: 'support', members: ['PJSIP/1001'] }];
const two = [{ name: 'support', members: ['PJSIP/1001', 'PJSIP/1002'], ringTimeoutMs: 15_000, retryMs: 5000 }];

describe('simulator event sequences against the reference', () => {
  it('when a call is answered and the caller hangs up, then the events follow §2.2 in order', () => {
    const events = play(one, [{ from: '+4930123456', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 3000, talkMs: 143_000 }]);
    const reference = new Set(['Newchannel', 'Newstate', 'QueueCallerJoin', 'AgentCalled', 'DialBegin', 'QueueMemberStatus', 'DialState', 'DialEnd', 'QueueCallerLeave', 'AgentConnect', 'BridgeCreate', 'BridgeEnter', 'HangupRequest', 'AgentComplete', 'BridgeLeave', 'BridgeDestroy', 'Hangup']);
    expect(events.map((e) => e.name).filter((n) => reference.has(n))).toEqual([
      'Newchannel', 'Newstate', 'QueueCallerJoin', 'Newchannel', 'AgentCalled', 'DialBegin', 'QueueMemberStatus', 'Newstate', 'DialState',
      'Newstate', 'DialEnd', 'QueueCallerLeave', 'AgentConnect', 'BridgeCreate', 'BridgeEnter', 'BridgeEnter', 'QueueMemberStatus',
      'HangupRequest', 'AgentComplete', 'BridgeLeave', 'BridgeLeave', 'BridgeDestroy', 'Hangup', 'Hangup', 'QueueMemberStatus',
    ]);
    const byName = (n: string) => events.filter((e) => e.name === n);
    expect(byName('Newchannel').map((e) => value(e, 'ChannelState'))).toEqual([4, 0]);
    expect(byName('QueueMemberStatus').map((e) => [value(e, 'Status'), value(e, 'InCall'), value(e, 'CallsTaken')])).toEqual([[6, 0, 0], [2, 1, 0], [1, 0, 1]]);
    expect(value(byName('AgentComplete')[0], 'TalkTime')).toBe(143);
    expect(value(byName('AgentComplete')[0], 'Reason')).toBe('caller');
    expect(value(byName('AgentConnect')[0], 'HoldTime')).toBe(3);
  });

  it('when the reference field sets are compared, then AgentCalled, DialBegin and the member events carry exactly them', () => {
    const events = play(one, [{ from: '+4930123456', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 1000, talkMs: 1000 }]);
    const find = (n: string) => events.find((e) => e.name === n);
    expect(keys(find('AgentCalled'))).toEqual([...SNAPSHOT, ...dest, 'Queue', 'Interface', 'MemberName']);
    expect(keys(find('DialBegin'))).toEqual([...SNAPSHOT, ...dest, 'DialString']);
    expect(keys(find('AgentConnect'))).toEqual([...SNAPSHOT, ...dest, 'Queue', 'Interface', 'MemberName', 'HoldTime', 'RingTime']);
    expect(keys(find('AgentComplete'))).toEqual([...SNAPSHOT, ...dest, 'Queue', 'Interface', 'MemberName', 'HoldTime', 'TalkTime', 'Reason']);
    expect(keys(find('QueueCallerJoin'))).toEqual([...SNAPSHOT, 'Queue', 'Position', 'Count']);
    expect(keys(find('QueueMemberStatus'))).toEqual(MEMBER_BLOB);
    // The agent leg belongs to the caller's call: its Linkedid is the caller's Uniqueid.
    expect(value(find('AgentCalled'), 'DestLinkedid')).toBe(value(find('AgentCalled'), 'Uniqueid'));
  });

  it('when the first member rings out, then AgentRingNoAnswer (ms) and DialEnd NOANSWER come, and the next member is called after retry', () => {
    const events = play(two, [{ from: '+4930123456', queue: 'support', noAnswer: ['PJSIP/1001'], answeredBy: 'PJSIP/1002', ringMs: 2000, talkMs: 1000 }]);
    const names = events.map((e) => e.name);
    const rna = names.indexOf('AgentRingNoAnswer');
    expect(names.slice(rna, rna + 3)).toEqual(['AgentRingNoAnswer', 'DialEnd', 'Hangup']);
    expect(value(events[rna], 'RingTime')).toBe(15_000);
    expect(value(events[rna + 1], 'DialStatus')).toBe('NOANSWER');
    expect(events.filter((e) => e.name === 'AgentCalled').map((e) => value(e, 'Interface'))).toEqual(['PJSIP/1001', 'PJSIP/1002']);
  });

  it('when the caller hangs up while ringing, then DialEnd CANCEL, QueueCallerAbandon, QueueCallerLeave and Hangup follow in order', () => {
    const events = play(one, [{ from: '+4930123456', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 60_000, abandonAfterMs: 8000 }]);
    const wanted = ['DialEnd', 'QueueCallerAbandon', 'QueueCallerLeave', 'Hangup'];
    const picked = events.filter((e) => wanted.includes(e.name));
    expect(picked.map((e) => e.name)).toEqual(['DialEnd', 'Hangup', 'QueueCallerAbandon', 'QueueCallerLeave', 'Hangup']);
    expect(value(picked[0], 'DialStatus')).toBe('CANCEL');
    expect(keys(picked[2])).toEqual([...SNAPSHOT, 'Queue', 'Position', 'OriginalPosition', 'HoldTime']);
    expect(value(picked[2], 'HoldTime')).toBe(8);
  });

  it('when ringall is answered by one member, then the other gets DialEnd CANCEL and hangs up with cause 26', () => {
    const events = play([{ name: 'support', strategy: 'ringall', members: ['PJSIP/1001', 'PJSIP/1002'] }], [{ from: '+4930123456', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 1000, talkMs: 1000 }]);
    const cancel = events.findIndex((e) => e.name === 'DialEnd' && value(e, 'DialStatus') === 'CANCEL');
    expect(value(events[cancel], 'DestChannel')).toMatch(/^PJSIP\/1001-/);
    expect([events[cancel + 1]?.name, value(events[cancel + 1], 'Cause')]).toEqual(['Hangup', 26]);
    expect(events.filter((e) => e.name === 'AgentConnect').map((e) => value(e, 'Interface'))).toEqual(['PJSIP/1002']);
  });

  it('when the agent hangs up first, then HangupRequest is on the agent leg and AgentComplete says agent', () => {
    const events = play(one, [{ from: '+4930123456', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 1000, talkMs: 5000, hangupBy: 'agent' }]);
    expect(value(events.find((e) => e.name === 'HangupRequest'), 'Channel')).toMatch(/^PJSIP\/1001-/);
    expect(value(events.find((e) => e.name === 'AgentComplete'), 'Reason')).toBe('agent');
  });

  it('when the agent transfers, then BlindTransfer and AgentComplete Reason transfer come, and the caller goes on with the target', () => {
    const events = play(one, [{ from: '+4930123456', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 1000, talkMs: 5000, transferTo: '2001' }]);
    const names = events.map((e) => e.name);
    expect(names.indexOf('BlindTransfer')).toBeLessThan(names.indexOf('AgentComplete'));
    expect(value(events.find((e) => e.name === 'AgentComplete'), 'Reason')).toBe('transfer');
    expect(events.filter((e) => e.name === 'Newchannel').map((e) => value(e, 'Channel'))).toEqual([expect.stringMatching(/^PJSIP\/trunk-/), expect.stringMatching(/^PJSIP\/1001-/), expect.stringMatching(/^PJSIP\/2001-/)]);
    expect(names.filter((n) => n === 'Hangup')).toHaveLength(3);
  });

  it('when members are Local channels, then AgentCalled names the Local ;1 leg and the phone leg is dialled from ;2', () => {
    const events = play([{ name: '400', members: [{ interface: 'Local/1001@from-queue/n', name: 'Alice' }] }], [{ from: '0671234567', queue: '400', answeredBy: 'Local/1001@from-queue/n', ringMs: 1000, talkMs: 1000 }]);
    const called = events.find((e) => e.name === 'AgentCalled');
    expect([value(called, 'Interface'), value(called, 'DestChannel')]).toEqual(['Local/1001@from-queue/n', expect.stringMatching(/^Local\/1001@from-queue-[0-9a-f]{8};1$/)]);
    const dials = events.filter((e) => e.name === 'DialBegin').map((e) => [value(e, 'Channel'), value(e, 'DestChannel')]);
    expect(dials[1]).toEqual([expect.stringMatching(/;2$/), expect.stringMatching(/^PJSIP\/1001-/)]);
    expect(events.filter((e) => e.name === 'Hangup')).toHaveLength(4);
  });

  it('when Asterisk omits AgentComplete for a call, then the call still ends with both Hangups and no AgentComplete', () => {
    const events = play(one, [{ from: '+4930123456', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 1000, talkMs: 3000, agentComplete: 'omitted' }]);
    expect(events.some((e) => e.name === 'AgentComplete')).toBe(false);
    expect(events.filter((e) => e.name === 'Hangup')).toHaveLength(2);
  });

  it('when AgentComplete comes late, then it follows both Hangups', () => {
    const events = play(one, [{ from: '+4930123456', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 1000, talkMs: 3000, agentComplete: 'after_hangup' }]);
    const names = events.map((e) => e.name);
    expect(names.lastIndexOf('Hangup')).toBeLessThan(names.indexOf('AgentComplete'));
  });

  it('when a member hangs up with callers waiting, then the next offer comes at the next one-second re-check, never in the same instant', () => {
    const callers = Array.from({ length: 5 }, (_, i) => ({ from: `+38067000000${i}`, queue: 'support', ringMs: 1000, talkMs: 3001 + i * 137 }));
    const events = play(one, callers);
    const hangups = events.filter((e) => e.name === 'Hangup' && value(e, 'Channel')?.toString().startsWith('PJSIP/1001'));
    const offers = events.filter((e) => e.name === 'AgentCalled');
    expect(offers).toHaveLength(5);
    for (let i = 1; i < offers.length; i++) {
      const gap = offers[i]!.at - hangups[i - 1]!.at;
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThanOrEqual(1000);
    }
  });
});
