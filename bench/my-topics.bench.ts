/**
 * `npm run bench:my-topics`: the wrap-up's digit keys ask `GET /api/calls/my-topics` once per call. Starts a
 * throwaway embedded PostgreSQL, loads two years of a big centre (BENCH_CALLS calls wrapped up by BENCH_AGENTS
 * agents, BENCH_REQUESTS requests), then times the query for one agent: median and p95 of BENCH_RUNS, and the
 * plan. Prints, never fails.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { generateDemoData } from '../db/seed/generate';
import { myTopics } from '../server/calls/my-topics.repository';

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300_000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);

async function load(ds: DataSource): Promise<number[]> {
  const t0 = performance.now();
  await generateDemoData(ds, { citizens: Math.ceil(REQUESTS / 3), requests: REQUESTS, years: 2, batch: 50_000 });
  const agents: { id: number }[] = await ds.query(
    `INSERT INTO users (username, full_name, role, interface, password_hash)
     SELECT 'bench' || g, 'Bench ' || g, 'agent', 'PJSIP/' || (5000 + g), 'x' FROM generate_series(1, $1) g RETURNING id`, [AGENTS]);
  const ids = agents.map((a) => a.id);
  // The loading statements run longer than the server's statement timeout allows a request.
  const q = ds.createQueryRunner();
  await q.connect();
  await q.query('SET statement_timeout = 0');
  await q.query('UPDATE requests SET created_by = ($1::int[])[1 + floor(random() * $2)::int]', [ids, AGENTS]);
  // Topics skewed as a city's are (a few take most calls): the square of a uniform picks the low ranks more.
  await q.query(
    `WITH topics AS (SELECT array_agg(code ORDER BY code) AS codes FROM topics WHERE parent_code IS NOT NULL)
     INSERT INTO calls (id, caller_number, queue, direction, agent_user_id, queued_at, answered_at, ended_at, outcome, wrap_up_kind, wrap_up_topic_code, wrapped_up_at)
     SELECT 'bench-' || g, '+38067' || lpad((g % 10000000)::text, 7, '0'), 'support', 'in', ($1::int[])[1 + g % $2],
            at, at + interval '20 s', at + interval '3 min', 'answered', 'consultation',
            codes[1 + floor(power(random(), 2) * array_length(codes, 1))::int], at + interval '4 min'
       FROM generate_series(1, $3) g, topics, LATERAL (SELECT now() - (g::float / $3) * interval '730 days' AS at) t`,
    [ids, AGENTS, CALLS]);
  await q.query('VACUUM ANALYZE');
  await q.release();
  console.log(`loaded ${CALLS.toLocaleString('en')} calls, ${REQUESTS.toLocaleString('en')} requests, ${AGENTS} agents in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return ids;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-'));
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const ds = createDataSource({ url: pg.url, poolSize: 2, applicationName: 'bench-my-topics' });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    const agents = await load(ds);
    const times: number[] = [];
    for (let i = 0; i < RUNS + 5; i++) {
      const t0 = performance.now();
      const items = await myTopics(ds, agents[i % agents.length]!);
      if (i >= 5) times.push(performance.now() - t0); // the first few warm the caches, as a running server's are
      if (i === 0) console.log(`an agent's nine: ${items.map((x) => `${x.code}×${x.uses}`).join(', ')}`);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
    console.log(`my-topics over ${RUNS} runs: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
    const plan: { 'QUERY PLAN': string }[] = await ds.query(
      `EXPLAIN (ANALYZE, BUFFERS) WITH used AS (
         SELECT c.wrap_up_topic_code AS code FROM calls c WHERE c.agent_user_id = $1 AND c.wrap_up_topic_code IS NOT NULL AND c.wrapped_up_at >= now() - interval '30 days'
         UNION ALL
         SELECT r.topic_code FROM requests r WHERE r.created_by = $1 AND r.created_at >= now() - interval '30 days' AND r.received_at >= now() - interval '60 days'
           AND NOT EXISTS (SELECT 1 FROM call_requests cr WHERE cr.request_id = r.id))
       SELECT u.code, count(*)::int FROM used u JOIN topics t ON t.code = u.code AND t.active GROUP BY u.code ORDER BY 2 DESC, 1 LIMIT 9`, [agents[0]]);
    console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
