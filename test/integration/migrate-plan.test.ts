import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../setup/database';

const root = path.resolve(__dirname, '../..');

/** Issue 21 item 4: `migrate --plan` says what an upgrade would run, and runs nothing. */
describe('npm run cli -- migrate --plan', async () => {
  const { dataSource, url } = await useTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-plan-'));
  const cli = (args: string[]) => new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url, DATA_DIR: dir } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
  const applied = async () => (await dataSource.query('SELECT count(*)::int AS n FROM migrations'))[0].n;

  it('when the database lacks this release\'s last migrations, then the plan lists them as expand steps and nothing is migrated', async () => {
    await dataSource.undoLastMigration();
    await dataSource.undoLastMigration();
    const before = await applied();
    const last = dataSource.migrations.slice(-2).map((m) => m.name);
    const plan = await cli(['migrate', '--plan']);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('would run 2 migration(s)');
    for (const name of last) expect(plan.out).toMatch(new RegExp(`${name}\\s+expand`));
    expect(await applied()).toBe(before);
    expect((await cli(['migrate'])).code).toBe(0);
    expect((await cli(['migrate', '--plan'])).out).toBe('nothing to run: the database is migrated\n');
  }, 60_000);
});
