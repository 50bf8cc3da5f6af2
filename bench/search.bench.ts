/**
 * `npm run bench:search`: request search at a million requests (BENCH_REQUESTS, BENCH_CITIZENS: Kyiv is 6,000,000
 * and 2,000,000). Starts an embedded PostgreSQL (kept in BENCH_DIR when given, for the next run and for
 * bench:report), migrates, loads the demo generator's data, then times each kind of query through the service
 * next to a plain baseline in the same run. Prints, never fails.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { SURNAMES } from '../db/seed/vocabulary';
import type { AuthUser } from '../server/auth/auth.types';
import { listQuerySchema, type ListQuery } from '../server/requests/requests.schemas';
import { searchRequests } from '../server/requests/requests.search';
import { TEXT_TOTAL_CAP, TOTAL_CAP } from '../server/requests/search-paging';
import { loadDemoData } from './demo-data';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 300_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
// A baseline scans the table: at six million requests one takes tens of seconds, so a few per kind tell the story.
const BASELINE_EVERY = Number(process.env.BENCH_BASELINE_EVERY ?? 20);
const agent: AuthUser = { id: 1, username: 'bench', fullName: 'Bench', role: 'agent', interface: null, phone: null, executorId: null };

/** A baseline answers the same question the plain way — substring LIKE, no trigram or full-text index — and counts its hits. */
interface Baseline { label: string; run(ds: DataSource, q: ListQuery): Promise<number> }
interface Case { kind: string; query: Record<string, string>; baseline: Baseline }

/** The same page + total as the service, for a WHERE of the baseline's own. */
async function plainPage(ds: DataSource, from: string, where: string, args: unknown[], noIndexes = false): Promise<number> {
  return ds.transaction(async (m) => {
    // A scan of six million rows outlasts the pool's 15 s statement limit on a busy machine; a baseline waits.
    await m.query('SET LOCAL statement_timeout = 0');
    if (noIndexes) await m.query('SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off');
    await m.query(`SELECT r.id FROM ${from} WHERE ${where} ORDER BY r.received_at DESC LIMIT 20`, args);
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`, args);
    return n;
  });
}

const BASELINES = {
  number: { label: 'number ILIKE %q% (search-box substring)', run: (ds, q) => plainPage(ds, 'requests r', `r.number ILIKE '%' || $1 || '%'`, [q.q]) },
  phone: {
    label: 'digits LIKE %q% over raw phones',
    run: (ds, q) => plainPage(ds, 'requests r', `r.citizen_id IN (SELECT citizen_id FROM citizen_phones
      WHERE regexp_replace(phone, '\\D', '', 'g') LIKE '%' || $1 || '%')`, [q.q!.replace(/\D/g, '').replace(/^0/, '')]),
  },
  text: {
    label: 'lower(name|address|description) LIKE %q%, no trigram/tsvector',
    run: (ds, q) => plainPage(ds, 'requests r LEFT JOIN citizens c ON c.id = r.citizen_id',
      `(lower(c.full_name) LIKE $1 OR lower(r.address) LIKE $1 OR lower(r.description) LIKE $1)`, [`%${q.q!.toLowerCase()}%`]),
  },
  filters: {
    label: 'same filters, index scans off (sequential)',
    run: (ds, q) => {
      const args: unknown[] = [];
      const p = (v: unknown) => `$${args.push(v)}`;
      const w = ['true'];
      if (q.status) w.push(`r.status = ANY(${p(q.status)})`);
      if (q.district) w.push(`r.district_code = ${p(q.district)}`);
      if (q.source) w.push(`r.source = ${p(q.source)}`);
      if (q.topic) w.push(q.topic.includes('.') ? `r.topic_code = ${p(q.topic)}` : `r.topic_code LIKE ${p(`${q.topic}.%`)}`);
      if (q.executor) w.push(`r.executor_id = (SELECT id FROM executors WHERE code = ${p(q.executor)})`);
      if (q.overdue) w.push(`r.status IN ('registered', 'assigned', 'in_progress', 'returned') AND r.due_at < now()`);
      if (q.from) w.push(`r.received_at >= ${p(q.from)}`);
      if (q.to) w.push(`r.received_at < ${p(q.to)}::date + 1`);
      return plainPage(ds, 'requests r', w.join(' AND '), args, true);
    },
  },
} satisfies Record<string, Baseline>;

/** One letter changed the way people mishear it (о↔а, е↔и), at a place chosen by `i`. */
function misspell(word: string, i: number): string {
  const swaps: Record<string, string> = { о: 'а', а: 'о', е: 'и', и: 'е' };
  const at = [...word].map((ch, k) => (swaps[ch] && k > 0 ? k : -1)).filter((k) => k >= 0);
  if (at.length === 0) return word;
  const k = at[i % at.length];
  return word.slice(0, k) + swaps[word[k]] + word.slice(k + 1);
}

/** Inputs drawn from the data itself (seeded), so every run asks comparable questions. */
async function cases(ds: DataSource): Promise<Case[]> {
  const numbers: { number: string }[] = await ds.query(`SELECT number FROM requests TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT $1`, [RUNS]);
  const phones: { phone: string }[] = await ds.query(`SELECT phone FROM citizen_phones TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT $1`, [RUNS]);
  const streets: { street: string }[] = await ds.query(`SELECT DISTINCT split_part(address, ',', 1) AS street FROM citizens LIMIT 40`);
  const words = ['немає води', 'ліфт', 'батареї холодні', 'субсидії', 'безпритульних собак', 'ліхтарі', 'маршрутка', 'дитячого садка'];
  const filters: Record<string, string>[] = [
    { status: 'in_progress', district: 'SAK' }, { status: 'done' }, { overdue: 'true' }, { topic: 'HS.01', status: 'assigned' },
    { source: 'ukc1545', from: '2025-01-01', to: '2025-03-31' }, { executor: 'WATER', status: 'in_progress', sort: 'due_asc' },
    { district: 'TER', topic: 'LS', sort: 'received_desc' }, { status: 'done', sort: 'callback' },
  ];
  const pick = <T>(list: T[], i: number) => list[i % list.length];
  const out: Case[] = [];
  for (let i = 0; i < RUNS; i++) {
    out.push({ kind: 'number', query: { q: pick(numbers, i).number }, baseline: BASELINES.number });
    // Typed the way people say it: 067 123 45 67.
    const p = pick(phones, i).phone.replace(/^\+38(\d{3})(\d{3})(\d{2})(\d{2})$/, '$1 $2 $3 $4');
    out.push({ kind: 'phone', query: { q: p }, baseline: BASELINES.phone });
    out.push({ kind: 'name (misspelt)', query: { q: misspell(pick(SURNAMES, i * 7), i) }, baseline: BASELINES.text });
    out.push({ kind: 'street (misspelt)', query: { q: misspell(pick(streets, i * 3).street.replace(/^(вулиця|проспект) /, ''), i) }, baseline: BASELINES.text });
    out.push({ kind: 'text', query: { q: pick(words, i) }, baseline: BASELINES.text });
    out.push({ kind: 'filters', query: pick(filters, i), baseline: BASELINES.filters });
  }
  return out;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function measure(ds: DataSource, all: Case[]) {
  const rows = new Map<string, { ours: number[]; base: number[]; hits: number[]; baseHits: number[] }>();
  for (const c of all) {
    const r = rows.get(c.kind) ?? { ours: [], base: [], hits: [], baseHits: [] };
    rows.set(c.kind, r);
    const q: ListQuery = listQuerySchema.parse(c.query);
    let t0 = performance.now();
    const ours = await searchRequests(ds, q, agent, 120);
    r.ours.push(performance.now() - t0);
    r.hits.push(ours.total);
    // The baselines scan the table; a sample of them tells the story without an hour of waiting.
    if (r.ours.length % BASELINE_EVERY !== 1) continue;
    t0 = performance.now();
    r.baseHits.push(await c.baseline.run(ds, q));
    r.base.push(performance.now() - t0);
  }
  return rows;
}

function print(rows: Awaited<ReturnType<typeof measure>>): void {
  const f = (n: number) => n.toFixed(1).padStart(8);
  const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
  console.log(`\nrequest search at ${REQUESTS.toLocaleString('en')} requests, ${CITIZENS.toLocaleString('en')} citizens: ${RUNS} queries per kind, every ${BASELINE_EVERY}th also as the baseline (ms; hits are totals, capped at ${TEXT_TOTAL_CAP} for text and ${TOTAL_CAP.toLocaleString('en')} otherwise)`);
  console.log(`${'query'.padEnd(18)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'hits'.padStart(8)}  |${'base p50'.padStart(9)}${'base p95'.padStart(9)}${'hits'.padStart(8)}  baseline`);
  for (const [kind, r] of rows) {
    const b = BASELINES[kind === 'number' ? 'number' : kind === 'phone' ? 'phone' : kind === 'filters' ? 'filters' : 'text'];
    console.log(`${kind.padEnd(18)}${f(percentile(r.ours, 0.5))}${f(percentile(r.ours, 0.95))}${String(avg(r.hits)).padStart(8)}  |${f(percentile(r.base, 0.5))} ${f(percentile(r.base, 0.95))}${String(avg(r.baseHits)).padStart(8)}  ${b.label}`);
  }
}

async function main(): Promise<void> {
  // BENCH_DIR keeps a loaded cluster between runs (for working on queries); by default all is thrown away.
  const keep = process.env.BENCH_DIR;
  const dir = keep ?? (await mkdtemp(path.join(tmpdir(), 'hc-bench-')));
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: Boolean(keep) });
  const ds = createDataSource({ url: pg.url, poolSize: 4, applicationName: 'bench-search' });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM requests');
    if (n < REQUESTS) await loadDemoData(ds, [{ citizens: CITIZENS, requests: REQUESTS, years: 5, batch: 50_000 }]);
    const all = await cases(ds);
    await measure(ds, all.slice(0, 12)); // warm the caches, as a running server would be
    print(await measure(ds, all));
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; goal: p95 ≤ 50 ms for every kind`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pg.stop();
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
