import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator } from './translator';
import { readTranscript } from '../simulator/transcript';
import type { AmiMessage } from './message';

const TRANSCRIPT = path.join(__dirname, '../../test/fixtures/ami/mixmonitor-asterisk22.transcript');

describe('translator: recordings', () => {
  it('when the lab transcript\'s MixMonitor events come in, then they are the call\'s recording started, muted, unmuted, stopped, started', () => {
    const translate = createTranslator({ now: () => new Date('2026-12-07T00:00:00Z') });
    const events = readTranscript(TRANSCRIPT)
      .filter((f) => !f.sent)
      .map((f) => Object.fromEntries(f.fields.map(([k, v]) => [k.toLowerCase(), v])) as AmiMessage)
      .flatMap((m) => translate(m))
      .filter((e) => e.name.startsWith('recording:'));
    const callId = (events[0] as { callId: string }).callId;
    expect(callId).toMatch(/^rec-\d+$/);
    expect(events.map((e) => [e.name, 'muted' in e ? e.muted : null, (e as { callId: string }).callId])).toEqual([
      ['recording:started', null, callId],
      ['recording:muted', true, callId],
      ['recording:muted', false, callId],
      ['recording:stopped', null, callId],
      ['recording:started', null, callId],
    ]);
  });
});
