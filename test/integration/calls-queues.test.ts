import { beforeAll, describe, expect, it } from 'vitest';
import { startCallsTestbed, type CallsTestbed } from './calls-harness';

let bed: CallsTestbed;
let agent: { cookie: string; user: { id: number } };
let supervisor: { cookie: string; user: { id: number } };

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 2 }, { calls: { queuesIntervalMs: 100 } });
  agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
  supervisor = await bed.t.login({ role: 'supervisor' });
});

describe('live queues', () => {
  it('when a supervisor connects and a caller waits, then queues:snapshot shows the caller and the members mapped to users', async () => {
    const sup = await bed.open(supervisor.cookie);
    const first = await sup.next('queues:snapshot');
    expect(first.queues[0]).toMatchObject({ name: 'support', waiting: [] });
    expect(first.queues[0].members).toEqual([
      expect.objectContaining({ interface: 'PJSIP/1001', userId: agent.user.id, paused: false }),
      expect.objectContaining({ interface: 'PJSIP/1002', userId: null }),
    ]);
    await bed.telephony.pause('PJSIP/1001', true, 'break');
    await bed.telephony.pause('PJSIP/1002', true, 'break');
    const placed = bed.sim.placeCall({ from: '+380671119999', queue: 'support', ringMs: 60_000 });
    const waiting = await sup.next('queues:snapshot', (s) => s.queues[0].waiting.length === 1);
    expect(waiting.queues[0].waiting[0]).toMatchObject({ callId: placed.callId, callerNumber: '+380671119999', position: 1 });
    expect(waiting.queues[0].today.offered).toBeGreaterThanOrEqual(1);
    expect(waiting.queues[0].members[0]).toMatchObject({ paused: true, pausedReason: 'break' });

    const mine = await bed.open(agent.cookie);
    const slice = await mine.next('queues:snapshot');
    expect(slice.queues).toEqual([expect.objectContaining({ name: 'support', members: [] })]);
    expect(slice.queues[0].waiting).toEqual([expect.objectContaining({ callId: placed.callId, callerNumber: null })]);

    bed.sim.hangup(placed.channel);
    await sup.next('queues:snapshot', (s) => s.queues[0].waiting.length === 0 && s.queues[0].today.abandoned === 1);
    await bed.telephony.pause('PJSIP/1001', false);
    await bed.telephony.pause('PJSIP/1002', false);
  });

  it('when a burst of changes happens, then the snapshots are coalesced rather than one per event', async () => {
    const sup = await bed.open(supervisor.cookie);
    await sup.next('queues:snapshot');
    const before = sup.named('queues:snapshot').length;
    const events: string[] = [];
    const off = bed.telephony.onEvent((e) => events.push(e.name));
    await Promise.all(Array.from({ length: 10 }, (_, i) => bed.telephony.pause('PJSIP/1002', i % 2 === 0, 'break')));
    await sup.next('queues:snapshot', (s) => s.queues[0].members[1].paused === false);
    off();
    expect(events.length).toBeGreaterThanOrEqual(10);
    expect(sup.named('queues:snapshot').length - before).toBeLessThan(events.length);
  });

  it('when a supervisor connects and one member changes, then exactly one snapshot comes for each (never a duplicate)', async () => {
    const sup = await bed.open(supervisor.cookie);
    await sup.next('queues:snapshot');
    await bed.telephony.pause('PJSIP/1002', true, 'lunch');
    await sup.next('queues:snapshot', (s) => s.queues[0].members[1].pausedReason === 'lunch');
    await bed.telephony.pause('PJSIP/1002', false);
    await sup.next('queues:snapshot', (s) => s.queues[0].members[1].paused === false);
    const all = sup.named('queues:snapshot').map((s) => JSON.stringify(s));
    // Consecutive snapshots always differ: nothing is sent twice.
    expect(all.filter((s, i) => i > 0 && s === all[i - 1])).toEqual([]);
  });
});

