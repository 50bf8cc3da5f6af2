import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertHistory } from '../../server/staffing/demo-history';
import { useTestDatabase, type TestDatabase } from '../setup/database';

const root = path.resolve(__dirname, '../..');
let db: TestDatabase;
let dir: string;

/** The command line as an operator runs it; resolves with its output and exit code. */
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const lastJson = (out: string): any => JSON.parse(out.trim().split('\n').at(-1)!);

beforeAll(async () => {
  db = await useTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'hc-staffing-cli-'));
  // Thirteen weeks of a city hotline up to Monday 7 December 2026: patience 100 s, handle 150 + 30 s.
  await insertHistory(db.dataSource, { queue: 'hotline', from: '2026-09-08', to: '2026-12-07', peakPerHalfHour: 90, patienceSeconds: 100, talkSeconds: 150, wrapUpSeconds: 30, seed: 8 });
}, 120_000);

describe('staffing on the simulator and against the past', () => {
  it('when the forecast day is replayed through the PBX simulator, then Erlang A gets what it promised and Erlang C beats its own promise', async () => {
    const run = await cli(['staffing', 'verify', '--queue', 'hotline', '--day', '2026-12-08', '--runs', '10']);
    process.stdout.write(`${run.out}\n`);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const v = lastJson(run.out);
    expect(run.out).toMatch(/^10:00 /m);
    expect(v.busySlots).toBeGreaterThan(30);
    // Erlang A models the callers who hang up: the simulator gives what it promised, half hour by half hour.
    expect(v.erlangA.meanAbsBeyondPredictionPoints).toBeLessThan(4);
    expect(Math.abs(v.erlangA.meanBeyondPredictionPoints)).toBeLessThan(2);
    expect(v.erlangA.serviceLevel).toBeGreaterThanOrEqual(v.target.serviceLevelPercent);
    expect(v.erlangA.abandonPercent).toBeLessThanOrEqual(v.target.maxAbandonPercent);
    // Erlang C assumes nobody hangs up: where callers do, the queue shortens and does better than it promised.
    expect(v.erlangC.meanBeyondPredictionPoints).toBeGreaterThan(v.erlangA.meanBeyondPredictionPoints + 2);
  }, 300_000);

  it('when the last 4 weeks are forecast from the weeks before each, then it prints the error per week', async () => {
    const run = await cli(['staffing', 'backtest', '--queue', 'hotline', '--weeks', '4', '--until', '2026-12-08']);
    process.stdout.write(`${run.out}\n`);
    expect(run.code).toBe(0);
    const b = lastJson(run.out);
    expect(b.weeks).toHaveLength(4);
    expect(b.weeks.map((w: { from: string }) => w.from)).toEqual(['2026-11-10', '2026-11-17', '2026-11-24', '2026-12-01']);
    // Poisson noise alone puts a half hour of ~20 calls about 18 % off; the forecast must not add much to it.
    expect(b.overall.wapePercent).toBeGreaterThan(5);
    expect(b.overall.wapePercent).toBeLessThan(35);
    expect(b.overall.agentsMeanAbsError).toBeLessThan(3);
  }, 300_000);

  it('when the queue has no history or the day is not a date, then it says so and exits 1', async () => {
    const none = await cli(['staffing', 'verify', '--queue', 'nobody', '--day', '2026-12-08']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no calls in the 12 weeks/);
    const bad = await cli(['staffing', 'verify', '--day', '8.12.2026']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--day YYYY-MM-DD/);
  }, 120_000);
});
