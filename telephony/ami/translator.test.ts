import { describe, expect, it } from 'vitest';
import type { TranslatedEvent } from './translated';
import { createTranslator } from './translator';
import { loadTranscript } from '../../test/fixtures/ami/load';

const fixedNow = () => new Date('2026-11-28T10:00:00.000Z');
const translate = createTranslator({ now: fixedNow });

function translateAll(file: string): TranslatedEvent[] {
  return loadTranscript(file).flatMap((m) => translate(m));
}

function only<N extends TranslatedEvent['name']>(events: TranslatedEvent[], name: N) {
  return events.filter((e): e is Extract<TranslatedEvent, { name: N }> => e.name === name);
}

describe('translator', () => {
  it('when AgentCalled arrives for a PJSIP member, then call:offered carries the pop data', () => {
    const [offered] = only(translateAll('queue-answered-pjsip.ami'), 'call:offered');
    expect(offered).toEqual({
      name: 'call:offered',
      callId: '1764316800.10',
      queue: 'support',
      interface: 'PJSIP/1001',
      memberName: 'agent-alice',
      agentChannelId: '1764316800.11',
      callerNumber: '+380671234567',
      callerName: 'Ivan Petrenko',
      at: new Date(1764316800.16 * 1000).toISOString(),
    });
  });

  it('when the reference call plays out, then queued, offered, answered and ended come in that order', () => {
    const names = translateAll('queue-answered-pjsip.ami').map((e) => e.name).filter((n) => n.startsWith('call:'));
    expect(names).toEqual(['call:queued', 'call:offered', 'call:dequeued', 'call:answered', 'call:ended']);
    const [ended] = only(translateAll('queue-answered-pjsip.ami'), 'call:ended');
    expect(ended).toMatchObject({ hangupBy: 'caller', holdSeconds: 6, talkSeconds: 143, interface: 'PJSIP/1001' });
  });

  it('when the member is a FreePBX Local channel, then the member is its phone and the caller is the queue caller', () => {
    const events = translateAll('queue-answered-local-member.ami');
    const [queued] = only(events, 'call:queued');
    const [offered] = only(events, 'call:offered');
    const [answered] = only(events, 'call:answered');
    // The queue caller is a Local channel whose Linkedid is the trunk's: the call is keyed by Linkedid.
    expect(queued).toMatchObject({ callId: '1764316800.20', channelId: '1764316800.22', callerNumber: '0671234567', queue: '400' });
    expect(offered).toMatchObject({ callId: '1764316800.20', interface: 'PJSIP/1001', memberName: 'Alice', callerNumber: '0671234567', callerName: '' });
    expect(answered).toMatchObject({ interface: 'PJSIP/1001', holdSeconds: 5, ringSeconds: 5 });
    expect(only(events, 'member:status').map((e) => e.interface)).toEqual(['PJSIP/1001', 'PJSIP/1001', 'PJSIP/1001']);
  });

  it('when the localTech option is SIP, then Local members map to SIP devices', () => {
    const sip = createTranslator({ now: fixedNow, localTech: 'SIP' });
    const events = loadTranscript('queue-answered-local-member.ami').flatMap((m) => sip(m));
    expect(only(events, 'call:offered')[0]?.interface).toBe('SIP/1001');
  });

  it('when a member rings out, then AgentRingNoAnswer retracts with no_answer and DialEnd NOANSWER repeats it', () => {
    const events = translateAll('queue-ring-no-answer-then-next.ami');
    expect(only(events, 'call:retracted').map((e) => [e.interface, e.reason])).toEqual([
      ['PJSIP/1001', 'no_answer'],
      ['PJSIP/1001', 'no_answer'],
    ]);
  });

  it('when a ringing member is cancelled, then the translator leaves the reason to the state (dial:cancelled)', () => {
    const events = translateAll('queue-ringall-answered-elsewhere.ami');
    expect(only(events, 'dial:cancelled')).toEqual([expect.objectContaining({ interface: 'PJSIP/1001' })]);
  });

  it('when AgentComplete says transfer, then call:transferred comes out instead of call:ended', () => {
    const events = translateAll('queue-transfer.ami');
    expect(only(events, 'call:transferred')).toEqual([expect.objectContaining({ interface: 'PJSIP/1001', talkSeconds: 40 })]);
    expect(only(events, 'call:ended')).toEqual([]);
  });

  it('when an event has no Timestamp, then the clock passed in dates it', () => {
    const [event] = translate({ event: 'QueueMemberPause', queue: 'support', interface: 'PJSIP/1002', paused: '1', pausedreason: 'lunch', status: '1' });
    expect(event).toMatchObject({ name: 'member:paused', interface: 'PJSIP/1002', paused: true, pausedReason: 'lunch', status: 'idle', at: '2026-11-28T10:00:00.000Z' });
  });

  it('when an event is not in the table, or its name is an Object property, then nothing comes out', () => {
    expect(translate({ event: 'VarSet', variable: { X: '1' } })).toEqual([]);
    expect(translate({ event: 'constructor' })).toEqual([]);
    expect(translate({ response: 'Success' })).toEqual([]);
  });

  it('when OriginateResponse reports busy, then originate:result says so with the ActionID', () => {
    const [event] = translate({ event: 'OriginateResponse', actionid: 'hc1-7', response: 'Failure', channel: 'PJSIP/trunk-0000002b', reason: '5', uniqueid: 'c-991' });
    expect(event).toMatchObject({ name: 'originate:result', actionId: 'hc1-7', channelId: 'c-991', success: false, outcome: 'busy', reasonCode: 5 });
  });

  it('when FullyBooted has a small Uptime or Shutdown arrives, then pbx:restarted; a long Uptime only says when the PBX started', () => {
    expect(translate({ event: 'FullyBooted', uptime: '12' }).map((e) => e.name)).toEqual(['pbx:booted', 'pbx:restarted']);
    expect(translate({ event: 'FullyBooted', uptime: '86400' }).map((e) => e.name)).toEqual(['pbx:booted']);
    expect(translate({ event: 'Shutdown', shutdown: 'Cleanly', restart: 'True' }).map((e) => e.name)).toEqual(['pbx:restarted']);
  });

  it('when ConfBridge events arrive, then conference events carry room, channel and flags', () => {
    const join = translate({ event: 'ConfbridgeJoin', conference: '8001', channel: 'PJSIP/1001-0000000a', uniqueid: 'u1', calleridnum: '1001', admin: 'Yes', muted: 'No' });
    const talk = translate({ event: 'ConfbridgeTalking', conference: '8001', uniqueid: 'u1', talkingstatus: 'on' });
    expect(join[0]).toMatchObject({ name: 'conference:joined', room: '8001', admin: true, muted: false });
    expect(talk[0]).toMatchObject({ name: 'conference:talking', talking: true });
  });
});
