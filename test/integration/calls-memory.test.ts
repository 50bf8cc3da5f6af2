import { describe, expect, it } from 'vitest';
import { startCallsTestbed } from './calls-harness';

// Without the wrap-up hold, an agent who never classifies gets the next call on top of the last one: the
// last one's card must go then, or every answered call of the shift stays in memory (seen in a 55-minute soak).
const bed = await startCallsTestbed({}, { calls: { holdDuringWrapUp: false } });

describe('memory over a shift', () => {
  it('when answered calls are never classified and the next call replaces each on the desk, then their cards are not kept', async () => {
    const agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
    const console = await bed.open(agent.cookie);
    for (let n = 0; n < 5; n++) {
      const placed = bed.sim.placeCall({ from: `+38067555000${n}`, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 100, talkMs: 200 });
      await console.next('call:offered', (c) => (c as { callId: string }).callId === placed.callId);
      await console.next('call:ended', (c) => (c as { callId: string }).callId === placed.callId);
    }
    await bed.t.calls.live.idle();
    // The last call is still on the desk, waiting for its wrap-up: its card stays, the other four are gone.
    expect(bed.t.calls.live.cardsInMemory()).toBe(1);
  });
});
