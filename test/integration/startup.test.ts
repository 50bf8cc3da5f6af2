import { spawn } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from '../../db/embedded';
import { lockDataDir } from '../../server/startup/data-dir-lock';
import { startDatabase } from '../../server/startup/database';

describe('start-up', () => {
  it('when another live process holds DATA_DIR, then a second server refuses with a message naming it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hc-lock-'));
    const other = spawn('sleep', ['30']);
    try {
      await writeFile(path.join(dataDir, 'server.pid'), `${other.pid}\n`);
      expect(() => lockDataDir(dataDir)).toThrow(new RegExp(`another Hromada Contact server \\(process ${other.pid}\\)`));
    } finally {
      other.kill();
    }
  });

  it('when the lock was left by a process that is gone, then the server takes it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hc-lock-'));
    await writeFile(path.join(dataDir, 'server.pid'), '999999\n');
    const unlock = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).not.toThrow(); // the same process may ask again
    unlock();
  });

  it('when PostgreSQL is unreachable at start, then it says so clearly and retries until it is there', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line).msg) });
    // Made once and stopped, so its URL (with its generated password) is known before it is there.
    const dir = await mkdtemp(path.join(tmpdir(), 'hc-late-pg-'));
    await chmod(dir, 0o755);
    const { url } = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port, tcp: true }).then(async (first) => (await first.stop(), first));
    const starting = startDatabase({ url, dataDir: '/nonexistent', log });
    while (!lines.length) await new Promise((r) => setTimeout(r, 50));
    expect(lines[0]).toMatch(new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${port}/hromada is not reachable .*; retrying in 1 s`));

    const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port, tcp: true, persistent: false });
    try {
      const { dataSource } = await starting;
      const [{ topics }] = await dataSource.query('SELECT count(*)::int AS topics FROM topics');
      expect(topics).toBeGreaterThan(40);
      await dataSource.destroy();
    } finally {
      await pg.stop();
    }
    // initdb, a cluster start and every migration: on a loaded machine that is well past the default 30 s,
    // and the test waits for exactly that, so it gets the setup's budget rather than a test's.
  }, 120_000);
});
