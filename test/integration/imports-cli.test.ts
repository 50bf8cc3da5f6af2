import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ukcTopicMapCsv, writeUkcFile } from '../../db/seed/appeal-files';
import { useTestDatabase } from '../setup/database';

const root = path.resolve(__dirname, '../..');

describe('imports: the command line', async () => {
  const { dataSource, url } = await useTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-import-cli-'));
  const cli = (args: string[]) => {
    // node itself (not the tsx wrapper, which forks): a kill reaches the process that holds the transaction.
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], {
      cwd: root, env: { ...process.env, DATABASE_URL: url, DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, done, out: () => stdout, err: () => stderr };
  };
  const requests = async () => (await dataSource.query('SELECT count(*)::int AS n FROM requests')).at(0).n;

  it('when the topic map and a clean file are imported, then it prints the counts and exits 0', async () => {
    await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
    const map = cli(['import', 'topic-map', '--format', 'ukc1545', '--file', path.join(dir, 'map.csv')]);
    expect(await map.done).toBe(0);
    await writeUkcFile(path.join(dir, 'ok.csv'), { rows: 50 });
    const run = cli(['import', 'appeals', '--format', 'ukc1545', '--file', path.join(dir, 'ok.csv')]);
    expect(await run.done).toBe(0);
    expect(run.out()).toContain('rows 50: new 50, updated 0, unchanged 0, rejected 0');
    expect(run.err()).toMatch(/rows: \d+\/\d+/);
  }, 60_000);

  it('when the yearly report is asked on the command line, then it prints the figures of the imported year', async () => {
    const run = cli(['report', 'yearly', '--year', '2021']);
    expect(await run.done).toBe(0);
    expect(run.out()).toContain('appeals: 50 (0), change — %');
    expect(run.out()).toMatch(/by source:\n {2}ukc1545: 50 \(0\)/);
  }, 60_000);

  it('when rows are rejected, then the bad row is named and the exit status is non-zero', async () => {
    await writeUkcFile(path.join(dir, 'bad.csv'), { rows: 20, firstNumber: 5, badDateRows: [7] });
    const run = cli(['import', 'appeals', '--format', 'ukc1545', '--file', path.join(dir, 'bad.csv')]);
    expect(await run.done).toBe(1);
    expect(run.out()).toContain('row 7, column "Створено": not a date: 31.02.2021 10:00');
    expect(await requests()).toBe(50);
  }, 60_000);

  it('when an import is killed half-way, then nothing of it is written', async () => {
    await writeUkcFile(path.join(dir, 'big.csv'), { rows: 40_000, firstNumber: 7 });
    const run = cli(['import', 'appeals', '--format', 'ukc1545', '--file', path.join(dir, 'big.csv')]);
    await new Promise<void>((resolve) => run.child.stderr.on('data', () => /rows: /.test(run.err()) && resolve()));
    run.child.kill('SIGKILL');
    await run.done;
    // The server ends the killed client's transaction when its connection drops.
    await expect.poll(async () => (await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'hromada-contact-cli'`))[0].n, { timeout: 10_000 }).toBe(0);
    expect(await requests()).toBe(50);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM imports WHERE file_name = 'big.csv'`))[0].n).toBe(0);
  }, 120_000);
});
