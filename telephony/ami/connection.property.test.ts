import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AmiMessage } from './message';
import type { Harness } from '../../test/fixtures/ami/harness';
import type { Simulator } from '../simulator';
import { AmiConnection } from './connection';
import { createSkippedFrames } from './skipped-frames';
import { startSimulator } from '../simulator';
import { startHarness } from '../../test/fixtures/ami/harness';
import { emitterNames, wireChunk } from '../../test/fixtures/ami/arbitrary';
import { waitFor } from '../../test/fixtures/ami/wait';

const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);
beforeEach(() => {
  escaped.length = 0;
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
afterEach(() => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
});

describe('skipped frames log', () => {
  it('when bad frames repeat, then one line per interval says how many were skipped, without their fields', () => {
    const lines: Array<{ msg: string; data?: object }> = [];
    let clock = 0;
    const skipped = createSkippedFrames((_level, msg, data) => lines.push({ msg, data }), 10_000, () => clock);
    for (let i = 0; i < 1000; i++) skipped(new RangeError('Invalid time value'), { event: 'Newchannel', calleridnum: '0671234567' });
    clock = 10_000;
    skipped(new RangeError('Invalid time value'), { event: 'Newchannel', calleridnum: '0671234567' });
    expect(lines.map((l) => l.data)).toEqual([
      { frame: 'Newchannel', error: 'RangeError: Invalid time value', skipped: 1 },
      { frame: 'Newchannel', error: 'RangeError: Invalid time value', skipped: 1000 },
    ]);
    expect(JSON.stringify(lines)).not.toContain('0671234567');
  });
});

describe('AMI connection under hostile traffic', () => {
  let sim: Simulator | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    await sim?.close();
    h = undefined;
    sim = undefined;
  });

  it('when handling one frame throws, then that frame is reported and skipped and the link lives on', async () => {
    sim = await startSimulator({ agents: 1 });
    const failed: AmiMessage[] = [];
    const seen: string[] = [];
    const connection = new AmiConnection(
      { host: sim.host, port: sim.port, ...sim.credentials, eventMask: 'system,call,agent', actionTimeoutMs: 3000, listTimeoutMs: 3000,
        connectTimeoutMs: 3000, pingIntervalMs: 60_000, pingTimeoutMs: 3000, maxLineBytes: 65_536, maxMessageBytes: 524_288 },
      {
        onEvent: (m) => {
          seen.push(String(m.event));
          if (m.event === 'Boom') throw new Error('cannot handle this frame');
        },
        onClose: () => undefined,
        onFrameFailed: (_error, m) => failed.push(m),
      },
      'hc1',
    );
    await connection.open();
    sim.injectRaw('Event: Boom\r\nPrivilege: call,all\r\n\r\nEvent: After\r\nPrivilege: call,all\r\n\r\n');
    await waitFor(() => seen.includes('After'), 'the frame after the failing one');
    await expect(connection.action({ Action: 'Ping' })).resolves.toMatchObject({ response: 'Success' });
    expect(failed.map((m) => m.event)).toEqual(['Boom']);
    expect(connection.isOpen).toBe(true);
    connection.shutdown(new Error('done'));
    expect(escaped).toEqual([]);
  });

  /** The link may reset itself on garbage; it must come back and answer an action on the same client. */
  async function eventuallyAlive(harness: Harness): Promise<void> {
    // A blank line ends whatever partial frame the garbage left, as the next real frame from Asterisk would.
    harness.sim.injectRaw('\r\n\r\n');
    const deadline = Date.now() + 8000;
    for (;;) {
      try {
        await waitFor(() => harness.telephony.status().state === 'connected', 'connected');
        await harness.telephony.pause('PJSIP/1001', false, 'sync point');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
    }
  }

  it('when random frames and garbage bytes arrive over TCP, then no throw escapes and the link is alive after each batch', async () => {
    h = await startHarness({ agents: 1 });
    const harness = h;
    await waitFor(() => harness.resyncs.length > 0, 'first resync');
    await fc.assert(
      fc.asyncProperty(fc.array(wireChunk, { minLength: 1, maxLength: 6 }), async (chunks) => {
        for (const chunk of chunks) harness.sim.injectRaw(chunk);
        await eventuallyAlive(harness);
        expect(escaped).toEqual([]);
      }),
      {
        numRuns: 40,
        examples: [
          [['Event: Newchannel\r\nPrivilege: call,all\r\nTimestamp: 99999999999999\r\nChannel: PJSIP/trunk-00000001\r\n\r\n']],
          [emitterNames.map((n) => `Response: Success\r\nActionID: ${n}\r\n\r\n`)],
          [emitterNames.map((n) => `Event: ${n}\r\nActionID: ${n}\r\nResponse: Error\r\n\r\n`)],
        ],
      },
    );
  });
});
