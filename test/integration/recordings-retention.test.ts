import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { purgeRecordings } from '../../server/calls/recording/retention';
import { startJobs, type Jobs } from '../../server/jobs/jobs';
import { RECORDINGS_RETENTION, workRecordingJobs } from '../../server/jobs/recording-jobs';
import { body, startTestApp, type TestApp } from '../setup/app';
import { eventually, seedCitizen } from './calls-harness';

const DAY = 86_400_000;
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** A finished call with its recording file, `ageDays` old, optionally attached to a request. */
async function recorded(t: TestApp, dir: string, id: string, ageDays: number, o: { requestId?: number; file?: boolean } = {}) {
  const ended = new Date(Date.now() - ageDays * DAY).toISOString();
  await t.db.dataSource.query(`INSERT INTO calls (id, queued_at, answered_at, ended_at, outcome) VALUES ($1, $2, $2, $2, 'answered')`, [id, ended]);
  if (o.requestId) await t.db.dataSource.query('INSERT INTO call_requests (call_id, request_id) VALUES ($1, $2)', [id, o.requestId]);
  await t.db.dataSource.query(
    `INSERT INTO recordings (call_id, file, state, started_at, ended_at, duration_seconds, bytes) VALUES ($1, $2, 'available', $3, $3, 1, 8044)`,
    [id, `${id}.wav`, ended],
  );
  if (o.file !== false) await writeFile(path.join(dir, `${id}.wav`), Buffer.alloc(8044));
}

describe('recordings retention (issue 23, item 2)', () => {
  it('when recordings pass their retention, then they are deleted (file and row) except those of calls attached to a request still open, and the run records what it deleted', async () => {
    const t = await startTestApp();
    const dir = await mkdtemp(path.join(tmpdir(), 'retention-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const { open, closed } = await seedCitizen(t, '+380671110001');
    await recorded(t, dir, 'old-free', 100);
    await recorded(t, dir, 'old-open-request', 100, { requestId: open.id });
    await recorded(t, dir, 'old-closed-request', 100, { requestId: closed.id });
    await recorded(t, dir, 'old-file-gone', 100, { file: false });
    await recorded(t, dir, 'recent', 10);

    const result = await purgeRecordings(t.db.dataSource, { dir, retentionDays: 90 });

    expect(result).toMatchObject({ deleted: 3, held: 1, errors: 0, bytes: 3 * 8044 });
    expect((await readdir(dir)).sort()).toEqual(['old-open-request.wav', 'recent.wav']);
    const rows = await t.db.dataSource.query(`SELECT call_id AS id, state, purge_id AS "purgeId" FROM recordings ORDER BY call_id`);
    expect(rows).toEqual([
      { id: 'old-closed-request', state: 'deleted', purgeId: result.purgeId },
      { id: 'old-file-gone', state: 'deleted', purgeId: result.purgeId },
      { id: 'old-free', state: 'deleted', purgeId: result.purgeId },
      { id: 'old-open-request', state: 'available', purgeId: null },
      { id: 'recent', state: 'available', purgeId: null },
    ]);
    const [run] = await t.db.dataSource.query('SELECT deleted, held, bytes::int, errors, finished_at IS NOT NULL AS finished FROM recording_purges WHERE id = $1', [result.purgeId]);
    expect(run).toEqual({ deleted: 3, held: 1, bytes: 3 * 8044, errors: 0, finished: true });
    const events = await t.db.dataSource.query(`SELECT call_id AS id FROM recording_events WHERE action = 'deleted' ORDER BY call_id`);
    expect(events.map((e: { id: string }) => e.id)).toEqual(['old-closed-request', 'old-file-gone', 'old-free']);
    const supervisor = await t.login({ role: 'supervisor' });
    const asked = await t.fetch('/api/calls/old-free/recording', { cookie: supervisor.cookie });
    expect([asked.status, (await body(asked)).error.fields.reason]).toEqual([404, 'deleted']);
    // The request's page lists its calls with their recordings: the held one still plays, the deleted one is gone.
    const ofOpen = await body(await t.fetch(`/api/requests/${open.id}/recordings`, { cookie: supervisor.cookie }));
    expect(ofOpen.items).toEqual([{ callId: 'old-open-request', at: expect.any(String), recording: { available: true, durationSeconds: 1 } }]);
    const ofClosed = await body(await t.fetch(`/api/requests/${closed.id}/recordings`, { cookie: supervisor.cookie }));
    expect(ofClosed.items).toEqual([{ callId: 'old-closed-request', at: expect.any(String), recording: null }]);
    expect((await t.fetch(`/api/requests/${open.id}/recordings`, { cookie: (await t.login({ role: 'agent' })).cookie })).status).toBe(403);

    // The request is closed later: the next run deletes what it held.
    await t.db.dataSource.query(`UPDATE requests SET status = 'closed', closed_at = now() WHERE id = $1`, [open.id]);
    expect(await purgeRecordings(t.db.dataSource, { dir, retentionDays: 90 })).toMatchObject({ deleted: 1, held: 0 });
  });

  it('when two nodes work the job queue, then a retention run queued once runs once', async () => {
    const t = await startTestApp();
    const dir = await mkdtemp(path.join(tmpdir(), 'retention-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await recorded(t, dir, 'job-old', 200);
    const log = pino({ level: 'silent' });
    const nodes: Jobs[] = [];
    for (let i = 0; i < 2; i++) {
      const jobs = await startJobs({ url: t.db.url, log, poolSize: 2 });
      nodes.push(jobs);
      cleanup.push(() => jobs.stop());
      await workRecordingJobs(jobs.boss, { dataSource: t.db.dataSource, dir, retentionDays: 90, log, pollingIntervalSeconds: 0.5 });
    }
    await nodes[0]!.boss.send(RECORDINGS_RETENTION, {});
    await eventually(async () => (await t.db.dataSource.query(`SELECT 1 FROM recordings WHERE call_id = 'job-old' AND state = 'deleted'`))[0], 'the job ran', 20_000);
    await eventually(async () => (await t.db.dataSource.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND state = 'completed'`, [RECORDINGS_RETENTION]))[0], 'the job completed', 20_000);
    const runs = await t.db.dataSource.query('SELECT count(*)::int AS n FROM recording_purges');
    expect(runs).toEqual([{ n: 1 }]);
  });
});
