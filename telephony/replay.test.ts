import { describe, expect, it } from 'vitest';
import type { TelephonyEvent } from './events';
import { createTelephony } from './telephony';
import { createTranslator } from './ami/translator';
import { TelephonyState } from './state/telephony-state';
import { loadTranscript, transcriptWire } from '../test/fixtures/ami/load';
import { startFakeAsterisk } from '../test/fixtures/ami/fake-asterisk';
import { waitFor } from '../test/fixtures/ami/wait';

const now = () => new Date('2026-11-28T10:00:00.000Z');

/** What the pure translator + state make of a transcript: the reference for the TCP path. */
function expected(file: string): TelephonyEvent[] {
  const translate = createTranslator({ now });
  const state = new TelephonyState();
  return loadTranscript(file).flatMap((m) => translate(m).flatMap((e) => state.apply(e)));
}

describe('reference transcripts through asterisk-manager over TCP', () => {
  for (const [file, chunkSize] of [['queue-answered-pjsip.ami', 7], ['queue-answered-local-member.ami', 1000], ['queue-transfer.ami', 64], ['queue-answered-no-agentcomplete.ami', 13], ['queue-answered-local-no-agentcomplete.ami', 500]] as const) {
    it(`when ${file} arrives in ${chunkSize}-byte pieces, then the client publishes what the pure pipeline does`, async () => {
      const fake = await startFakeAsterisk(transcriptWire(file), chunkSize);
      const telephony = createTelephony({ host: '127.0.0.1', port: fake.port, username: 'u', secret: 's', now });
      const events: TelephonyEvent[] = [];
      telephony.onEvent((e) => events.push(e));
      telephony.start();
      const want = expected(file);
      try {
        await waitFor(() => events.length >= want.length, `${want.length} events`);
        expect(events).toEqual(want);
        expect(want.some((e) => e.name === 'call:ended' || e.name === 'call:transferred')).toBe(true);
      } finally {
        await telephony.stop();
        await fake.close();
      }
    });
  }
});
