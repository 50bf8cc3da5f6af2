import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/fixtures/ami/harness';
import { waitFor } from '../../test/fixtures/ami/wait';
import { clampDurations, MAX_CALL_SECONDS } from './durations';

describe('absurd durations from the PBX', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('when AgentConnect says the caller waited 2,147,483,647 s, then the answer is published with a day at most, and a warning is logged', async () => {
    h = await startHarness({ agents: 1 });
    const harness = h;
    await waitFor(() => harness.resyncs.length > 0, 'first resync');
    const placed = harness.sim.placeCall({ from: '0671234567', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 60_000, talkMs: 60_000 });
    await waitFor(() => harness.events.some((e) => e.name === 'call:offered' && e.callId === placed.callId), 'the offer');
    harness.sim.emitEvent('AgentConnect', 'agent', [
      ['Channel', placed.channel], ['Uniqueid', placed.callId], ['Linkedid', placed.callId], ['Queue', 'support'],
      ['Interface', 'PJSIP/1001'], ['MemberName', 'Agent 1'], ['DestUniqueid', `${placed.callId}.agent`], ['HoldTime', '2147483647'], ['RingTime', '2147483647'],
    ]);
    const answered = await waitFor(() => harness.events.find((e) => e.name === 'call:answered' && e.callId === placed.callId), 'the answer');
    expect(answered).toMatchObject({ holdSeconds: MAX_CALL_SECONDS, ringSeconds: MAX_CALL_SECONDS });
    expect(harness.logs.filter((l) => l.msg === 'absurd duration from the PBX clamped').map((l) => l.data)).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'holdSeconds', value: 2_147_483_647, clampedTo: MAX_CALL_SECONDS })]),
    );
  });

  it('when durations are within a day, then the event is the same object; negative or not finite ones become 0', () => {
    const fine = { name: 'call:ended', talkSeconds: 120, holdSeconds: 0 };
    const heard: unknown[] = [];
    expect(clampDurations(fine, (c) => heard.push(c))).toBe(fine);
    expect(clampDurations({ name: 'call:ended', talkSeconds: -5, holdSeconds: Number.NaN }, (c) => heard.push(c))).toEqual({ name: 'call:ended', talkSeconds: 0, holdSeconds: 0 });
    expect(heard).toHaveLength(2);
  });
});
