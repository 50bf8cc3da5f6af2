/**
 * `npm run bench:card-notices`: what the notices and the repeat-call line cost the caller card (issue 25). A
 * throwaway embedded PostgreSQL with BENCH_REQUESTS requests (the demo generator) and calls attached to a third of
 * the open requests; the card statement (the pop's one round trip, by phone, as named statements) is timed for
 * BENCH_RUNS callers with open requests: with no notice, then with 200 notices in force (tagged with districts and
 * topics as a city's would be), then with none again (the drift of the machine in the same run). Prints, never fails.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { generateDemoData } from '../db/seed/generate';
import { namedQuery, readCardRows } from '../server/calls/card.repository';
import { OPEN } from '../server/requests/transitions';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 2_000);
const NOTICES = Number(process.env.BENCH_NOTICES ?? 200);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function load(ds: DataSource): Promise<string[]> {
  const t0 = performance.now();
  await generateDemoData(ds, { citizens: Math.ceil(REQUESTS / 3), requests: REQUESTS, years: 2, batch: 50_000 });
  const q = ds.createQueryRunner();
  await q.connect();
  await q.query('SET statement_timeout = 0');
  // Repeat callers: a third of the open requests have 1–4 calls attached.
  await q.query(
    `WITH chosen AS (SELECT id, citizen_id, 1 + floor(random() * 4)::int AS n FROM requests WHERE status = ANY($1) AND citizen_id IS NOT NULL AND random() < 0.34)
     , made AS (INSERT INTO calls (id, caller_number, queue, queued_at, outcome, citizen_id)
                SELECT 'bench-' || c.id || '-' || g, NULL, 'support', now() - g * interval '1 day', 'answered', c.citizen_id
                  FROM chosen c, generate_series(1, c.n) g RETURNING id)
     INSERT INTO call_requests (call_id, request_id) SELECT m.id, split_part(m.id, '-', 2)::int FROM made m`, [OPEN]);
  await q.query('VACUUM ANALYZE');
  const phones: { phone: string }[] = await q.query(
    `SELECT p.phone FROM citizen_phones p WHERE EXISTS (SELECT 1 FROM requests r WHERE r.citizen_id = p.citizen_id AND r.status = ANY($1))
      ORDER BY random() LIMIT $2`, [OPEN, RUNS]);
  await q.release();
  console.log(`loaded ${REQUESTS.toLocaleString('en')} requests in ${((performance.now() - t0) / 1000).toFixed(0)} s; ${phones.length} callers with open requests`);
  return phones.map((p) => p.phone);
}

async function time(ds: DataSource, phones: string[]): Promise<{ p50: number; p95: number; p99: number; notices: number; escalations: number }> {
  const run = namedQuery(ds);
  for (const phone of phones.slice(0, 50)) await readCardRows(run, { phone }); // every pooled connection prepares the statement
  const times: number[] = [];
  let notices = 0;
  let escalations = 0;
  for (const phone of phones) {
    const t0 = performance.now();
    const rows = await readCardRows(run, { phone, excludeCallId: 'none' });
    times.push(performance.now() - t0);
    notices += rows.notices.length;
    if (rows.escalation) escalations++;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), notices, escalations };
}

async function addNotices(ds: DataSource): Promise<void> {
  // Most notices city-wide or for one district, some on a topic: what a contact centre publishes in a season.
  await ds.query(
    `WITH d AS (SELECT array_agg(code) AS codes FROM districts), t AS (SELECT array_agg(code) AS codes FROM topics WHERE parent_code IS NOT NULL)
     INSERT INTO notices (kind, title, body, valid_from, valid_until, topic_codes, district_codes)
     SELECT (ARRAY['news', 'legislation', 'problem', 'script'])[1 + g % 4], 'Оголошення ' || g, 'Текст оголошення ' || g,
            now() - interval '1 day', now() + interval '30 days',
            CASE WHEN g % 3 = 0 THEN ARRAY[t.codes[1 + g % array_length(t.codes, 1)]] ELSE '{}' END,
            CASE WHEN g % 3 = 1 THEN ARRAY[d.codes[1 + g % array_length(d.codes, 1)]] ELSE '{}' END
       FROM generate_series(1, $1) g, d, t`, [NOTICES]);
  await ds.query('ANALYZE notices');
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-'));
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const ds = createDataSource({ url: pg.url, poolSize: 4, applicationName: 'bench-card-notices' });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    const phones = await load(ds);
    const row = (label: string, r: Awaited<ReturnType<typeof time>>) =>
      console.log(`${label.padEnd(28)} p50 ${r.p50.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (cards with a repeat-call line: ${r.escalations}, notices shown: ${r.notices})`);
    const before = await time(ds, phones);
    row('card, no notice', before);
    await addNotices(ds);
    const with200 = await time(ds, phones);
    row(`card, ${NOTICES} notices in force`, with200);
    await ds.query('DELETE FROM notices');
    const after = await time(ds, phones);
    row('card, no notice (again)', after);
    const baseline = (before.p99 + after.p99) / 2;
    console.log(`p99 with ${NOTICES} notices: ${((100 * with200.p99) / baseline - 100).toFixed(1)} % against the same run without (goal: within 10 %); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await ds.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
