import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestPath } from '../../server/ops/backup/manifest';
import { emptyDatabase, knownMigrations, relations, sourceDatabase, sql, tempDir } from './backup-harness';

const root = path.resolve(import.meta.dirname, '../..');

/** `npm run cli -- …` as an operator runs it: its own process, the database named by DATABASE_URL. */
function cli(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

describe('backup and restore on the command line', () => {
  it('when an operator backs up and restores, then backup prints the manifest last, restore refuses a used database with exit 1 and fills an empty one', async () => {
    const source = await sourceDatabase();
    await sql(source.url, `INSERT INTO citizens (full_name) VALUES ('Олена Коваль')`);
    const file = path.join(await tempDir(), 'cli.dump');

    const backup = await cli(['backup', '--file', file], source.url);
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    const printed = JSON.parse(backup.stdout.trim().split('\n').at(-1)!);
    expect(printed).toEqual(JSON.parse(await readFile(manifestPath(file), 'utf8')));
    expect(printed.tables['public.citizens']).toBe(1);
    expect(printed.schema.version).toBe(knownMigrations.at(-1));

    const used = await cli(['restore', '--file', file], source.url);
    expect(used.code).toBe(1);
    expect(used.stderr).toMatch(/^error: the database \S+ is not empty/);

    const target = await emptyDatabase();
    const restored = await cli(['restore', '--file', file], target);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    expect(await sql(target, 'SELECT full_name FROM citizens')).toEqual([{ full_name: 'Олена Коваль' }]);

    const missing = await cli(['restore'], target);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/--file PATH/) });
    expect(await relations(target)).toBeGreaterThan(0);
  }, 180_000); // four processes that each start tsx: minutes on a loaded machine, not a measure of anything
});
