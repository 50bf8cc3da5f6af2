/**
 * `npm run bench:anonymise`: what anonymising one citizen costs (issue 21), in a throwaway embedded PostgreSQL
 * of BENCH_CITIZENS citizens with closed requests, timeline lines and calls. Prints p50 / p95 of
 * `anonymiseCitizen` for citizens with 1 and with BENCH_MANY requests, against a baseline in the same run (one
 * transaction that only renames the citizen: the triggers' share), and of the subject's export. It never fails.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { createAuditService } from '../server/audit/audit.service';
import { anonymiseCitizen } from '../server/privacy/anonymise';
import { collectSubjectExport } from '../server/privacy/subject-export.repository';

const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 20_000);
const MANY = Number(process.env.BENCH_MANY ?? 20);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 50);

async function seed(ds: DataSource): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query('SET LOCAL statement_timeout = 0');
    await m.query(`INSERT INTO citizens (full_name, address, district_code)
      SELECT 'Коваленко' || i || ' Оксана Петрівна', 'вул. Гетьманська, ' || (i % 120 + 1) || ', кв. ' || (i % 90 + 1), 'SAK' FROM generate_series(1, ${CITIZENS}) i`);
    await m.query(`INSERT INTO citizen_phones (citizen_id, phone) SELECT id, '+38067' || lpad(id::text, 7, '0') FROM citizens`);
    // The first SAMPLES citizens have MANY requests each; the rest one.
    await m.query(`
      INSERT INTO requests (number, received_at, source, topic_code, description, status, result, closed_at, citizen_id, address, due_at)
      SELECT 'B-' || c.id || '-' || k, now() - c.id * interval '1 minute', 'call', 'HS.11',
             'Немає води, ' || c.address || '. Коваленко' || c.id || ' Оксана просить передзвонити на 067 ' || lpad(c.id::text, 7, '0'),
             'closed', 'resolved', now(), c.id, c.address, now() + interval '10 days'
        FROM citizens c, generate_series(1, CASE WHEN c.id <= ${SAMPLES} THEN ${MANY} ELSE 1 END) k`);
    await m.query(`INSERT INTO request_events (request_id, action, comment)
      SELECT r.id, a, CASE WHEN a = 'comment' THEN 'Коваленко' || r.citizen_id || ' просила не дзвонити зранку' END
        FROM requests r, unnest(ARRAY['registered', 'assign', 'comment', 'complete', 'confirm']) a`);
    await m.query(`INSERT INTO calls (id, caller_number, caller_name, citizen_id, direction, outcome, ended_at)
      SELECT 'b-' || p.citizen_id || '-' || k, p.phone, 'Коваленко', p.citizen_id, 'in', 'answered', now() FROM citizen_phones p, generate_series(1, 3) k`);
  });
  await ds.query('ANALYZE');
}

function percentiles(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

async function timed(ids: number[], run: (id: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const id of ids) {
    const t0 = performance.now();
    await run(id);
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-anonymise-'));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const ds = createDataSource({ url: pg.url, poolSize: 4, applicationName: 'bench-anonymise' });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    const t0 = performance.now();
    await seed(ds);
    console.log(`seeded ${CITIZENS.toLocaleString('en')} citizens (${SAMPLES} with ${MANY} requests) in ${Math.round(performance.now() - t0)} ms`);
    const audit = createAuditService(ds);
    const many = Array.from({ length: SAMPLES }, (_, i) => i + 1);
    const one = Array.from({ length: SAMPLES }, (_, i) => SAMPLES + 1 + i);
    const baselineIds = Array.from({ length: SAMPLES }, (_, i) => 2 * SAMPLES + 1 + i);
    const baseline = await timed(baselineIds, (id) => ds.transaction((m) => m.query('UPDATE citizens SET full_name = NULL WHERE id = $1', [id])));
    const exported = await timed(many, (id) => collectSubjectExport(ds, id));
    const anonymiseOne = await timed(one, (id) => anonymiseCitizen(ds, audit, { citizenId: id, reason: 'bench', actorId: null }));
    const anonymiseMany = await timed(many, (id) => anonymiseCitizen(ds, audit, { citizenId: id, reason: 'bench', actorId: null }));
    console.log(`baseline (rename the citizen, 1 request re-indexed): ${percentiles(baseline)}`);
    console.log(`export of a citizen with ${MANY} requests:             ${percentiles(exported)}`);
    console.log(`anonymise a citizen with 1 request:                  ${percentiles(anonymiseOne)}`);
    console.log(`anonymise a citizen with ${MANY} requests:            ${percentiles(anonymiseMany)}`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
