import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startEmbeddedPostgres } from '../../db/embedded';

describe('a DATA_DIR made by another PostgreSQL major version', () => {
  it('when its cluster says PostgreSQL 18, then the start stops with what happened and how to move, and touches nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hc-pg-major-'));
    await chmod(dir, 0o755);
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const cluster = path.join(dir, 'pg');
    const first = await startEmbeddedPostgres({ dir: cluster });
    await first.stop();
    // PG_VERSION is what PostgreSQL itself reads to decide whether it can open a cluster; an 18 one says 18.
    await writeFile(path.join(cluster, 'PG_VERSION'), '18\n');
    const files = (await readdir(cluster)).sort();

    await expect(startEmbeddedPostgres({ dir: cluster })).rejects.toThrow(/created by PostgreSQL 18.*runs PostgreSQL 15.*Nothing was changed.*pg_dump 18/s);
    expect((await readdir(cluster)).sort()).toEqual(files);
    expect(await readFile(path.join(cluster, 'PG_VERSION'), 'utf8')).toBe('18\n');

    // The server itself: one clear line and exit 78, which the README's systemd unit does not restart on.
    const root = path.resolve(import.meta.dirname, '../..');
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', AMI_HOST: '', PORT: '0' };
    const server = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env }, (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }));
    });
    expect(server.code).toBe(78);
    expect(server.stderr).toMatch(/^Hromada Contact could not start: the database in .* was created by PostgreSQL 18/);
    expect((await readdir(cluster)).sort()).toEqual(files);
  });
});
