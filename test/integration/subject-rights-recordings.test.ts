import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditService } from '../../server/audit/audit.service';
import { purgeRecordings } from '../../server/calls/recording/retention';
import { anonymiseCitizen } from '../../server/privacy/anonymise';
import { collectSubjectExport } from '../../server/privacy/subject-export.repository';
import { useTestDatabase } from '../setup/database';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A citizen's voice is personal data: the subject's export lists their recordings, and erasure removes them. */
describe('the subject’s rights over call recordings', async () => {
  const { dataSource } = await useTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-erasure-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const sql = (q: string, p: unknown[] = []) => dataSource.query(q, p);

  const recordedCall = async (id: string, o: { citizenId?: number; number: string }) => {
    const at = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await sql(`INSERT INTO calls (id, caller_number, citizen_id, queued_at, answered_at, ended_at, outcome) VALUES ($1, $2, $3, $4, $4, $4, 'answered')`,
      [id, o.number, o.citizenId ?? null, at]);
    await sql(`INSERT INTO recordings (call_id, file, state, started_at, ended_at, duration_seconds, bytes) VALUES ($1, $2, 'available', $3, $3, 42, 8044)`, [id, `${id}.wav`, at]);
    await writeFile(path.join(dir, `${id}.wav`), Buffer.alloc(8044));
  };

  it('when a citizen is exported and then anonymised, then their recordings are listed, marked, and removed by the next purge — a stranger’s stays', async () => {
    const [{ id: citizenId }] = await sql(`INSERT INTO citizens (full_name, address) VALUES ('Коваленко Олена', 'вул. Шевченка, 14, кв. 5') RETURNING id`);
    await sql(`INSERT INTO citizen_phones (citizen_id, phone) VALUES ($1, '+380671234567')`, [citizenId]);
    await recordedCall('linked', { citizenId, number: '+380671234567' });
    await recordedCall('by-number', { number: '+380671234567' });
    await recordedCall('stranger', { number: '+380501112233' });

    const exported = await collectSubjectExport(dataSource, citizenId);
    expect(exported!.recordings.map((r: any) => [r.callId, r.state, r.durationSeconds])).toEqual([['linked', 'available', 42], ['by-number', 'available', 42]]);

    const done = await anonymiseCitizen(dataSource, createAuditService(dataSource), { citizenId, reason: 'заява громадянина', actorId: null });
    expect(done.changed.recordingsToErase).toBe(2);

    // Within their 90 days, yet erased on request; the stranger's keeps its retention.
    const purge = await purgeRecordings(dataSource, { dir, retentionDays: 90 });
    expect(purge).toMatchObject({ deleted: 2, errors: 0 });
    expect(await readdir(dir)).toEqual(['stranger.wav']);
    const rows = await sql(`SELECT call_id AS id, state FROM recordings ORDER BY call_id`);
    expect(rows).toEqual([{ id: 'by-number', state: 'deleted' }, { id: 'linked', state: 'deleted' }, { id: 'stranger', state: 'available' }]);
  });
});
