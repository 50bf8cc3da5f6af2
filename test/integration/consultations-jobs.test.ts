import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationScheduler } from '../../server/consultations/consultations.service';
import { consultationScheduler, workConsultationJobs } from '../../server/jobs/consultation-jobs';
import { startJobs, type Jobs } from '../../server/jobs/jobs';
import { body } from '../setup/app';
import { eventually } from './calls-harness';
import { startConsultationBed, type ConsultationBed } from './consultations-harness';

const log = pino({ level: 'silent' });
let bed: ConsultationBed;
let scheduler: ConsultationScheduler | null = null;
const nodes: Jobs[] = [];

beforeAll(async () => {
  bed = await startConsultationBed({}, { scheduler: { scheduled: (c) => scheduler!.scheduled(c) } });
});
afterAll(async () => {
  for (const node of nodes) await node.stop().catch(() => undefined);
});

async function node(): Promise<Jobs> {
  const jobs = await startJobs({ url: bed.t.db.url, log, poolSize: 2 });
  nodes.push(jobs);
  return jobs;
}

describe('consultations started and closed by the job queue', () => {
  it('when its time comes, then it starts by itself exactly once, although the node that scheduled it restarted and two nodes work the queue', async () => {
    const first = await node();
    scheduler = consultationScheduler(first.boss);
    const startsAt = new Date(Date.now() + 2_500).toISOString();
    const res = await bed.post('/api/consultations', { officialId: bed.official.user.id, topic: 'Опалення', startsAt, durationMinutes: 30, autoStart: true });
    expect(res.status).toBe(201);
    const { id } = await body(res);
    await first.stop();

    const calls: number[] = [];
    const target = { startDue: (cid: number, at: string) => (calls.push(cid), bed.t.consultations.startDue(cid, at)), markMissed: bed.t.consultations.markMissed };
    for (const jobs of [await node(), await node()]) await workConsultationJobs(jobs.boss, target, log, 0.5);

    const legs = await bed.legsIn(id, (l: Array<{ who: string; state: string }>) => l.some((x) => x.who === 'official' && x.state === 'joined'), 'the official dialled in by the job');
    expect(legs.filter((l: { who: string }) => l.who === 'official')).toHaveLength(1);
    expect((await bed.view(id)).status).toBe('running');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(calls).toEqual([id]);
  }, 30_000);

  it('when a consultation\'s time passed without a start, then it is marked missed; a running one is not', async () => {
    const jobs = nodes[nodes.length - 1];
    scheduler = consultationScheduler(jobs.boss);
    const ds = bed.t.db.dataSource;
    const past = async (status: string, room: string) => {
      const [row] = await ds.query(
        `INSERT INTO consultations (official_id, topic, starts_at, duration_minutes, capacity, room, pin, status, auto_start, created_by)
         VALUES ($1, 'Минула', now() - interval '2 hours', 60, 10, $3, '123456', $2, false, $1) RETURNING id, starts_at`, [bed.official.user.id, status, room]);
      await scheduler!.scheduled({ id: row.id, startsAt: row.starts_at, endsAt: new Date(Date.now() - 3_600_000), autoStart: false });
      return row.id as number;
    };
    const forgotten = await past('scheduled', '8901');
    const held = await past('running', '8902');
    await eventually(async () => (await bed.view(forgotten)).status === 'missed', 'the forgotten consultation marked missed');
    expect((await bed.view(held)).status).toBe('running');
    const [summary] = await ds.query('SELECT held, questions FROM consultation_summaries WHERE consultation_id = $1', [forgotten]);
    expect(summary).toEqual({ held: false, questions: 0 });
  }, 30_000);
});
