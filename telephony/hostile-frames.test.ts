import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../test/fixtures/ami/harness';
import { eventsNamed, startHarness } from '../test/fixtures/ami/harness';
import { waitFor } from '../test/fixtures/ami/wait';

/**
 * A peer may send any frame: these must neither end the process nor the link. Each case proves the link is
 * alive by a later action and event on the same session (one resync only: no reconnect in between).
 */
let h: Harness;
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);

beforeEach(() => {
  escaped.length = 0;
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
afterEach(async () => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  await h?.stop();
});

async function connected() {
  h = await startHarness({ agents: 1 });
  await waitFor(() => h.resyncs.length > 0, 'first resync');
}

/** A QueuePause on the same session, and its event, still go through. */
async function stillAlive(): Promise<void> {
  const before = eventsNamed(h.events, 'member:paused').length;
  await h.telephony.pause('PJSIP/1001', before % 2 === 0, 'sync point');
  await waitFor(() => eventsNamed(h.events, 'member:paused').length > before, 'pause event after the hostile frame');
  expect(h.telephony.status().state).toBe('connected');
  expect(h.resyncs).toHaveLength(1);
  expect(escaped).toEqual([]);
}

const frame = (lines: string[]) => lines.join('\r\n') + '\r\n\r\n';

describe('hostile AMI frames', () => {
  it('when an event carries an absurd Timestamp, then the link lives on and the event is timed by our clock', async () => {
    await connected();
    h.sim.injectRaw(frame(['Event: Newchannel', 'Privilege: call,all', 'Timestamp: 99999999999999', 'Channel: PJSIP/trunk-0000abcd',
      'Uniqueid: absurd.1', 'Linkedid: absurd.1', 'CallerIDNum: 0671234567']));
    await waitFor(() => eventsNamed(h.events, 'channel:created').length, 'the channel of the absurd frame');
    const [created] = eventsNamed(h.events, 'channel:created');
    expect(Math.abs(Date.parse(created!.at) - Date.now())).toBeLessThan(3_600_000);
    await stillAlive();
  });

  // The package emits a response under its ActionID and an event under its name, on the same emitter as
  // its own 'error', 'close', 'rawevent'… A peer choosing those names must reach none of them.
  const emitterNames = ['error', 'close', 'end', 'connect', 'rawevent', 'managerevent', 'asterisk', 'response', '__proto__', 'newListener'];

  it.each(emitterNames)('when a response carries ActionID: %s, then it is ignored', async (name) => {
    await connected();
    h.sim.injectRaw(frame(['Response: Success', `ActionID: ${name}`, 'Message: hostile']));
    h.sim.injectRaw(frame(['Response: Error', `ActionID: ${name}`, 'Message: hostile']));
    await stillAlive();
  });

  it.each(emitterNames)('when an event is named %s, then it is only an unknown event', async (name) => {
    await connected();
    h.sim.injectRaw(frame([`Event: ${name}`, 'Privilege: call,all', `ActionID: ${name}`, 'Response: Success']));
    await stillAlive();
  });

  it('when a frame repeats or nests odd keys, then it is only an unknown frame', async () => {
    await connected();
    h.sim.injectRaw(frame(['Event: Newchannel', 'Event: Hangup', 'Privilege: call,all', 'Constructor: x', '__proto__: y', 'Variable: __proto__=1',
      'Channel: PJSIP/trunk-00000001', 'Uniqueid: odd.1', 'Linkedid: odd.1']));
    await stillAlive();
  });
});
