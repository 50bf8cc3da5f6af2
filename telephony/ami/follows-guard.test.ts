import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../simulator';
import { fastTiming, startHarness, type Harness } from '../../test/fixtures/ami/harness';
import { waitFor } from '../../test/fixtures/ami/wait';
import { AmiConnection, type ConnectionSettings } from './connection';
import { FollowsGuard } from './follows-guard';

const FOLLOWS = 'Response: Follows\r\nPrivilege: Command\r\nActionID: 77\r\n\r\n';
const event = (name: string) => `Event: ${name}\r\nPrivilege: call,all\r\n\r\n`;

/** An AMI peer (the simulator over TCP) that sends a `Response: Follows` nobody asked for. */
describe('Response: Follows from the peer', () => {
  let sim: Simulator | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    await sim?.close();
    h = sim = undefined;
  });

  async function connect(extra: Partial<ConnectionSettings> = {}) {
    sim = await startSimulator({ agents: 1 });
    const seen: string[] = [];
    let closed: Error | null = null;
    const connection = new AmiConnection(
      { host: sim.host, port: sim.port, ...sim.credentials, eventMask: 'system,call,agent', actionTimeoutMs: 3000, listTimeoutMs: 3000,
        // The ping would end the swallowing only after a minute: the bound must do it, not the ping.
        connectTimeoutMs: 3000, pingIntervalMs: 60_000, pingTimeoutMs: 3000, maxLineBytes: 65_536, maxMessageBytes: 524_288, ...extra },
      { onEvent: (m) => seen.push(String(m.event)), onClose: (e) => (closed = e) },
      'hc1',
    );
    await connection.open();
    return { connection, seen, closed: () => closed };
  }

  it('when a Follows never ends and little follows it, then the link is closed as a protocol violation, not left swallowing', async () => {
    const c = await connect({ maxFollowsMs: 300 });
    sim!.injectRaw(FOLLOWS + event('Swallowed'));
    await waitFor(() => c.closed(), 'the link closed');
    expect(c.closed()!.message).toMatch(/Response: Follows without its end/);
  });

  it('when a Follows never ends and frames keep coming, then the link closes once the body passes the line limit', async () => {
    const c = await connect({ maxFollowsLines: 500, maxFollowsMs: 600_000 });
    sim!.injectRaw(FOLLOWS + Array.from({ length: 400 }, (_, i) => event(`E${i}`)).join(''));
    await waitFor(() => c.closed(), 'the link closed');
    expect(c.closed()!.message).toMatch(/past 65536 bytes or 500 lines/);
  });

  it('when a Follows ends within the limits, then the frames after it arrive and the link lives on', async () => {
    const c = await connect({ maxFollowsMs: 600_000 });
    sim!.injectRaw(`${FOLLOWS}Name: value\r\n\r\nanother line\r\n--END COMMAND--\r\n\r\n${event('After')}`);
    await waitFor(() => c.seen.includes('After'), 'the event after the body');
    await expect(c.connection.action({ Action: 'Ping' })).resolves.toMatchObject({ response: 'Success' });
    expect(c.closed()).toBeNull();
    c.connection.shutdown(new Error('done'));
  });

  it('when the telephony link meets an endless Follows, then it reconnects and resyncs, and the next call is seen', async () => {
    h = await startHarness({ agents: 1 }, { timing: { ...fastTiming, pingIntervalMs: 60_000 } });
    const harness = h;
    await waitFor(() => harness.resyncs.length === 1, 'the first resync');
    harness.sim.injectRaw(FOLLOWS + event('Swallowed'));
    await waitFor(() => harness.resyncs.length === 2, 'a resync on a fresh link', 15_000);
    const placed = harness.sim.placeCall({ from: '0671234567', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 100, talkMs: 60_000 });
    await waitFor(() => harness.events.some((e) => e.name === 'call:offered' && e.callId === placed.callId), 'the next call offered');
  });
});

describe('FollowsGuard', () => {
  it('when a Follows line is cut across chunks anywhere, then it is still seen, and its end is too', () => {
    const wire = `${event('Before')}${FOLLOWS}body\r\n--END COMMAND--\r\n\r\n${event('After')}`;
    for (let cut = 1; cut < wire.length; cut++) {
      const guard = new FollowsGuard({ maxBytes: 1000, maxLines: 100 });
      guard.feed(wire.slice(0, cut));
      guard.feed(wire.slice(cut));
      expect([guard.entered, guard.open]).toEqual([1, false]);
    }
  });
});
