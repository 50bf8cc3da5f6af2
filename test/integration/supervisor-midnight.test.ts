import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { startCallsTestbed, type CallsTestbed } from './calls-harness';

// Kyiv is UTC+2 in winter: 22:00Z on 30 November is midnight of 1 December there.
let clock = new Date('2026-11-30T21:59:50Z');
let bed: CallsTestbed;
let supervisor: { cookie: string };

async function logCall(id: string, queuedAt: string, outcome: 'answered' | 'abandoned'): Promise<void> {
  const answered = outcome === 'answered' ? `timestamptz '${queuedAt}' + interval '5 seconds'` : 'NULL';
  await bed.t.db.dataSource.query(
    `INSERT INTO calls (id, caller_number, queue, direction, queued_at, answered_at, ended_at, hold_seconds, talk_seconds, outcome)
     VALUES ($1, '+380671234567', 'support', 'in', $2, ${answered}, timestamptz '${queuedAt}' + interval '60 seconds', 5,
             ${outcome === 'answered' ? 55 : 'NULL'}, $3)`,
    [id, queuedAt, outcome],
  );
}

async function today(): Promise<{ offered: number; answered: number; abandoned: number }> {
  const data = await body(await bed.t.fetch('/api/supervisor/live', { cookie: supervisor.cookie }));
  return data.queues.find((q: { name: string }) => q.name === 'support').today;
}

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 1 }, { calls: { supervisorNow: () => clock } });
  supervisor = await bed.t.login({ role: 'supervisor' });
  // 23:59:30 on 30 November in Kyiv; then 00:00:10 and 01:30 on 1 December there (still 30 November in UTC).
  await logCall('before-midnight', '2026-11-30T21:59:30Z', 'answered');
  await logCall('after-midnight', '2026-11-30T22:00:10Z', 'abandoned');
  await logCall('small-hours', '2026-11-30T23:30:00Z', 'answered');
  await bed.t.calls.supervisorLive.reread();
});

describe("today's counters at Kyiv's midnight", () => {
  it('when the clock passes midnight in Kyiv, then the running server starts the new day from the call log', async () => {
    expect(await today()).toMatchObject({ offered: 1, answered: 1, abandoned: 0 });
    clock = new Date('2026-11-30T22:00:20Z');
    expect(await today()).toMatchObject({ offered: 2, answered: 1, abandoned: 1 });
  });

  it('when the server restarts just after midnight, then only the new Kyiv day counts, not the UTC day nor the previous one', async () => {
    clock = new Date('2026-12-01T00:05:00Z');
    const restarted = await startCallsTestbed({ agents: 1 }, { dataSource: bed.t.db.dataSource, calls: { supervisorNow: () => clock } });
    const res = await restarted.t.fetch('/api/supervisor/live', { cookie: supervisor.cookie });
    const support = (await body(res)).queues.find((q: { name: string }) => q.name === 'support');
    // 1 December in Kyiv: the two calls after its midnight, although both are on 30 November in UTC.
    expect(support.today).toMatchObject({ offered: 2, answered: 1, abandoned: 1 });
  });
});
