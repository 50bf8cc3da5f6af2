import { beforeAll, describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';

let t: TestApp;
let supervisor: { cookie: string };

beforeAll(async () => {
  t = await startTestApp();
  supervisor = await t.login({ role: 'supervisor' });
});

/** A queue call in the log; times are Kyiv wall-clock on 2026-03-29 (summer time starts at 03:00 that night). */
async function logCall(id: string, queued: string, o: { answeredAfter?: number; abandonedAfter?: number; queue?: string } = {}) {
  const queuedAt = `2026-03-29T${queued}:00+0${queued < '03:00' ? 2 : 3}:00`;
  await t.db.dataSource.query(
    `INSERT INTO calls (id, queue, direction, queued_at, answered_at, ended_at, hold_seconds, outcome)
     VALUES ($1, $2, 'in', $3::timestamptz, $3::timestamptz + make_interval(secs => $4), $3::timestamptz + interval '2 minutes', $5, $6)`,
    [id, o.queue ?? 'support', queuedAt, o.answeredAfter ?? null, o.answeredAfter ?? o.abandonedAfter ?? null,
      o.answeredAfter !== undefined ? 'answered' : o.abandonedAfter !== undefined ? 'abandoned' : 'unanswered'],
  );
}

describe('a queue’s day in half hours', () => {
  it('when calls came through a night the clocks went forward, then the day has 46 Kyiv half hours and each counts its own callers', async () => {
    await logCall('d1', '00:10', { answeredAfter: 5 });
    await logCall('d2', '00:40', { answeredAfter: 50 });
    await logCall('d3', '00:45', { abandonedAfter: 3 });
    await logCall('d4', '04:05', { abandonedAfter: 30 });
    await logCall('d5', '23:59', { answeredAfter: 1 });
    await logCall('other', '00:15', { answeredAfter: 1, queue: 'sales' });
    const res = await t.fetch('/api/supervisor/queues/support/day?day=2026-03-29', { cookie: supervisor.cookie });
    expect(res.status).toBe(200);
    const series = await body(res);
    expect(series).toMatchObject({ day: '2026-03-29', queue: 'support', serviceLevelSeconds: 20, shortAbandonSeconds: 5 });
    expect(series.halfHours).toHaveLength(46);
    expect(series.halfHours[0].start).toBe('2026-03-28T22:00:00.000Z');
    expect(series.halfHours[0]).toMatchObject({ offered: 1, answered: 1, serviceLevel: 1, serviceLevelSoFar: 1 });
    // 00:30–01:00: one answered late, one short abandon left out of the service level.
    expect(series.halfHours[1]).toMatchObject({ offered: 2, answered: 1, abandoned: 1, shortAbandoned: 1, serviceLevel: 0, serviceLevelSoFar: 0.5 });
    // 04:00 summer time is the 7th half hour of the day (03:00–04:00 never happened).
    expect(series.halfHours[6]).toMatchObject({ start: '2026-03-29T01:00:00.000Z', offered: 1, abandoned: 1, serviceLevel: 0 });
    expect(series.halfHours[45]).toMatchObject({ offered: 1, serviceLevelSoFar: 0.5 });
    expect(series.halfHours.reduce((n: number, h: { offered: number }) => n + h.offered, 0)).toBe(5);
  });

  it('when an agent asks, or the day or queue is not one, then 403 or 400 in the API’s error shape', async () => {
    const agent = await t.login({ role: 'agent' });
    const refused = await t.fetch('/api/supervisor/queues/support/day', { cookie: agent.cookie });
    expect(refused.status).toBe(403);
    expect((await body(refused)).error.code).toBe('forbidden');
    for (const path of ['/api/supervisor/queues/support/day?day=2026-02-30', '/api/supervisor/queues/support/day?day=yesterday',
      '/api/supervisor/queues/support/day?day=2026-01-01&extra=1', '/api/supervisor/queues/a%20b/day']) {
      const res = await t.fetch(path, { cookie: supervisor.cookie });
      expect(res.status, path).toBe(400);
      expect((await body(res)).error).toMatchObject({ code: 'invalid_input', fields: expect.any(Object) });
    }
    const today = await body(await t.fetch('/api/supervisor/queues/support/day', { cookie: supervisor.cookie }));
    expect(today.halfHours.length).toBeGreaterThanOrEqual(46);
  });
});
