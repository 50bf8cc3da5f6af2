import { describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../events';
import { createTranslator } from '../ami/translator';
import { TelephonyState } from './telephony-state';
import { loadTranscript } from '../../test/fixtures/ami/load';

/** The call state on what a real Asterisk 22 sent for a transfer made through our API (test/asterisk/transfer.test.ts). */
const translate = createTranslator({ now: () => new Date('2026-12-07T06:17:00.000Z') });

function callEvents(fixture: string) {
  const state = new TelephonyState();
  const published: TelephonyEvent[] = [];
  for (const m of loadTranscript(fixture)) for (const e of translate(m)) published.push(...state.apply(e));
  return { state, calls: published.filter((e) => e.name.startsWith('call:') && e.name !== 'call:dialled') };
}

describe('transfers on the lab transcripts of Asterisk 22', () => {
  it.each(['blind', 'attended'])('when 1004 transfers %s to 1005, then 1004\'s part ends, 1005 rings and answers after the transfer, and the call ends with 1005', (mode) => {
    const { state, calls } = callEvents(`lab-transfer-${mode}.ami`);
    const seq = calls.map((e) => `${e.name} ${'interface' in e ? e.interface : ''}`.trim());
    const transferred = seq.indexOf('call:transferred PJSIP/1004');
    expect(transferred, seq.join('\n')).toBeGreaterThan(seq.indexOf('call:answered PJSIP/1004'));
    const offered = calls.find((e) => e.name === 'call:offered' && e.interface === 'PJSIP/1005');
    const answered = calls.find((e) => e.name === 'call:answered' && e.interface === 'PJSIP/1005');
    expect(offered, seq.join('\n')).toMatchObject({ afterTransfer: true });
    expect(answered, seq.join('\n')).toMatchObject({ afterTransfer: true });
    // Blind: the target rings after the agent's part ended; attended: the agent talks to it first.
    if (mode === 'blind') expect(calls.indexOf(offered!)).toBeGreaterThan(transferred);
    else expect(calls.indexOf(answered!)).toBeLessThan(transferred);
    expect(calls.at(-1)).toMatchObject({ name: 'call:ended', interface: 'PJSIP/1005' });
    expect(calls.filter((e) => e.name === 'call:ended')).toHaveLength(1);
    expect(state.calls.calls.size).toBe(0);
  });
});
