import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { BUSY_DAY_CALLS } from '../../server/supervisor/live.service';
import { connectConsole, startCallsTestbed, telephonyEvent, waitFor, type CallsTestbed } from './calls-harness';

// Today's figures go over every call of the day, so on a busy day a broadcast computes them at most once a second (the
// loop also carries the pops): a burst of calls must still end up in the broadcasts without any later event, and a
// picture asked for (GET /api/supervisor/live) must be exact at once.
let bed: CallsTestbed;
let supervisor: { cookie: string };

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 2 }, { calls: { queuesIntervalMs: 50 } });
  supervisor = await bed.t.login({ role: 'supervisor' });
  // A busy day so far: the calls of the morning, answered and over.
  await bed.t.db.dataSource.query(
    `INSERT INTO calls (id, caller_number, queue, direction, queued_at, answered_at, ended_at, hold_seconds, talk_seconds, outcome)
     SELECT 'morning-' || i, '+38067' || (1000000 + i), 'support', 'in', now() - interval '1 second' * i, now() - interval '1 second' * i,
            now(), 0, i % 300, 'answered' FROM generate_series(1, $1) i`,
    [BUSY_DAY_CALLS],
  );
  await bed.t.calls.supervisorLive.reread();
  await bed.telephony.pause('PJSIP/1001', true, 'break');
  await bed.telephony.pause('PJSIP/1002', true, 'break');
});

const support = (s: { queues: Array<{ name: string; today: { abandoned: number; offered: number } }> }) => s.queues.find((q) => q.name === 'support');

describe("today's figures while calls come in bursts", () => {
  it('when callers give up one right after another and then nothing happens, then the broadcasts still come to every one of them', async () => {
    const wall = connectConsole(bed.t.baseUrl, supervisor.cookie);
    await waitFor(() => wall.named('queues:snapshot').length > 0 || undefined, 'the first queues:snapshot');
    const before = support(wall.named('queues:snapshot').at(-1))?.today.abandoned ?? 0;
    const calls = Array.from({ length: 5 }, (_, i) =>
      bed.sim.placeCall({ from: `+38067111220${i}`, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 60_000, abandonAfterMs: 300 + 40 * i }));
    let abandoned = 0;
    await telephonyEvent(bed.telephony, (e) => e.name === 'call:abandoned' && ++abandoned === calls.length);
    // No call event after the last callers' hang-ups: the figures still reach the wallboard.
    const last = await wall.next('queues:snapshot', (s) => support(s)?.today.abandoned === before + calls.length);
    expect(support(last)?.today.offered).toBeGreaterThanOrEqual(calls.length);
    const asked = await body(await bed.t.fetch('/api/supervisor/live', { cookie: supervisor.cookie }));
    expect(support(asked)?.today.abandoned).toBe(before + calls.length);
    wall.close();
  });
});

describe('a picture asked for', () => {
  it('when it is asked for right after a call changed the figures, then it has that call already', async () => {
    const first = support(await body(await bed.t.fetch('/api/supervisor/live', { cookie: supervisor.cookie })))!.today.abandoned;
    bed.sim.placeCall({ from: '+380671112299', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 60_000, abandonAfterMs: 200 });
    await telephonyEvent(bed.telephony, (e) => e.name === 'call:abandoned');
    const asked = await body(await bed.t.fetch('/api/supervisor/live', { cookie: supervisor.cookie }));
    expect(support(asked)?.today.abandoned).toBe(first + 1);
  });
});
