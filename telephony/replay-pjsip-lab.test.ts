import { describe, expect, it } from 'vitest';
import { loadTranscript } from '../test/fixtures/ami/load';
import { createTranslator } from './ami/translator';
import type { TelephonyEvent } from './events';
import { TelephonyState } from './state/telephony-state';

const now = () => new Date('2026-12-07T09:00:00.000Z');

/** What the pure translator and state make of a transcript recorded from a real chan_pjsip queue call. */
function replay(file: string): TelephonyEvent[] {
  const translate = createTranslator({ now });
  const state = new TelephonyState();
  return loadTranscript(file).flatMap((m) => translate(m).flatMap((e) => state.apply(e)));
}

describe('transcripts of the pjsip lab (real SIP phones as queue members)', () => {
  it('when a PJSIP member (a baresip phone) answers a queue call, then the pop, the answer and the end are at PJSIP/1001 with the real talk time', () => {
    const events = replay('lab-pjsip-queue-call.ami');
    const offered = events.find((e) => e.name === 'call:offered');
    const answered = events.find((e) => e.name === 'call:answered');
    const ended = events.find((e) => e.name === 'call:ended');
    expect(offered).toMatchObject({ callId: 'q1', queue: 'hotline', interface: 'PJSIP/1001', callerNumber: '+380671230001' });
    expect(answered).toMatchObject({ callId: 'q1', interface: 'PJSIP/1001', ringSeconds: 2 });
    expect(ended).toMatchObject({ callId: 'q1', interface: 'PJSIP/1001' });
    expect(ended && ended.name === 'call:ended' && ended.talkSeconds).toBe(10);
    expect(events.filter((e) => e.name === 'call:offered')).toHaveLength(1);
  });

  it('when a SIP caller on the trunk reaches the queue, then the call is keyed by its Linkedid and ends once', () => {
    const events = replay('lab-pjsip-sip-caller.ami');
    const offered = events.find((e) => e.name === 'call:offered');
    expect(offered).toMatchObject({ queue: 'hotline', interface: 'PJSIP/1001' });
    const ends = events.filter((e) => e.name === 'call:ended');
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ callId: offered && 'callId' in offered ? offered.callId : '' });
  });
});
