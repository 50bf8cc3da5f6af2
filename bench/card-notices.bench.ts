/**
 * `npm run bench:card-notices`: what the notices and the repeat-call line cost the caller card (issue 25). A
 * throwaway embedded PostgreSQL with BENCH_REQUESTS requests (the demo generator) and calls attached to a third of
 * the open requests; the card statement (the pop's one round trip, by phone, as named statements) is timed for
 * BENCH_RUNS callers with open requests: with no notice, then with 200 notices in force (tagged with districts and
 * topics as a city's would be), in BENCH_ROUNDS alternating rounds of each. Prints, never fails.
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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

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

interface Sample {
  times: number[];
  notices: number;
  escalations: number;
}

async function time(ds: DataSource, phones: string[], into: Sample): Promise<void> {
  const run = namedQuery(ds);
  for (const phone of phones.slice(0, 200)) await readCardRows(run, { phone }); // every pooled connection prepares and warms up
  for (const phone of phones) {
    const t0 = performance.now();
    const rows = await readCardRows(run, { phone, excludeCallId: 'none' });
    into.times.push(performance.now() - t0);
    into.notices += rows.notices.length;
    if (rows.escalation) into.escalations++;
  }
}

function summary(s: Sample) {
  const sorted = [...s.times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), cards: sorted.length, notices: s.notices, escalations: s.escalations };
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
  // Generating the data runs longer than the server's statement timeout allows a request; the cards do not.
  (ds.options.extra as Record<string, unknown>).statement_timeout = 0;
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    const phones = await load(ds);
    const without: Sample = { times: [], notices: 0, escalations: 0 };
    const withNotices: Sample = { times: [], notices: 0, escalations: 0 };
    // Alternating rounds, so the machine's drift (other work on it) falls on both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      await time(ds, phones, without);
      await addNotices(ds);
      await time(ds, phones, withNotices);
      await ds.query('DELETE FROM notices');
    }
    const row = (label: string, r: ReturnType<typeof summary>) =>
      console.log(`${label.padEnd(28)} p50 ${r.p50.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (${r.cards} cards; with a repeat-call line: ${r.escalations}, notices shown: ${r.notices})`);
    const a = summary(without);
    const b = summary(withNotices);
    row('card, no notice', a);
    row(`card, ${NOTICES} notices in force`, b);
    console.log(`p99 with ${NOTICES} notices: ${((100 * b.p99) / a.p99 - 100).toFixed(1)} % against the same run without (goal: within 10 %); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await ds.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
