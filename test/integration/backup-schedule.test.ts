import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BACKUP_QUEUE, workBackupJobs } from '../../server/jobs/backup-jobs';
import { startJobs } from '../../server/jobs/jobs';
import { createBackup } from '../../server/ops/backup/backup';
import { restoreBackup } from '../../server/ops/backup/restore';
import { runScheduledBackup } from '../../server/ops/backup/scheduled';
import type { BackupSettings } from '../../server/config';
import { body } from '../setup/app';
import { appForTest, emptyDatabase, knownMigrations, sql, tempDir } from './backup-harness';

const log = pino({ level: 'silent' });
const settings = (dir: string, keep = 7): BackupSettings => ({ cron: '0 3 * * *', dir, keep, recordings: false, recordingsDir: path.join(dir, 'none') });

/**
 * A folder that really fills up: a tmpfs of `bytes`, mounted for the test (we run as root in CI and here).
 * Without the right to mount, the fault cannot be made honestly, so the test says so and is skipped.
 */
async function smallDisk(bytes: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-backup-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  onTestFinished(async () => {
    execFileSync('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}
const canMount = process.getuid?.() === 0;

describe('scheduled backups', () => {
  it.skipIf(!canMount)('when the backup folder is full, then the failure reaches the admins page and /metrics, and the earlier backup is kept whole', async () => {
    const app = await appForTest({ metricsToken: 'scrape' });
    const probe = await createBackup({ url: app.db.url, file: path.join(await tempDir(), 'probe.dump') });
    const disk = await smallDisk(Math.ceil((probe.dump.bytes + 96 * 1024) / 4096) * 4096);
    const deps = { dataSource: app.db.dataSource, url: app.db.url, settings: settings(disk), log };
    const first = await runScheduledBackup(deps);
    expect(first.ok).toBe(true);
    // Random text does not compress: the next dump cannot fit in what is left.
    await sql(app.db.url, `CREATE TABLE ballast AS SELECT md5(random()::text) || md5(random()::text) AS junk FROM generate_series(1, 20000)`);

    const second = await runScheduledBackup(deps);
    expect(second).toMatchObject({ ok: false, error: expect.stringMatching(/No space left on device/) });
    expect((await readdir(disk)).sort()).toEqual([path.basename(first.file), `${path.basename(first.file)}.manifest.json`]);
    const target = await emptyDatabase();
    await restoreBackup({ url: target, file: first.file, knownMigrations });

    const admin = await app.login({ role: 'admin' });
    const listed = await body(await app.fetch('/api/admin/backups', { cookie: admin.cookie }));
    expect(listed.items).toEqual([
      { at: expect.any(String), file: second.file, bytes: null, ok: false, error: expect.stringMatching(/No space left/) },
      { at: expect.any(String), file: first.file, bytes: (await stat(first.file)).size, ok: true },
    ]);
    const metrics = await (await app.fetch('/metrics', { headers: { authorization: 'Bearer scrape' } })).text();
    expect(metrics).toMatch(/^hc_backup_last_run_ok 0$/m);
    expect(metrics).toContain(`hc_backup_last_bytes ${(await stat(first.file)).size}`);
    expect(metrics).toMatch(/^hc_backup_last_success_timestamp_seconds \d+(\.\d+)?$/m);
  });

  it('when more backups are taken than BACKUP_KEEP, then the oldest files go and the list shows the kept ones; other roles are refused', async () => {
    const app = await appForTest({ metricsToken: 'scrape' });
    const dir = await tempDir();
    const deps = { dataSource: app.db.dataSource, url: app.db.url, settings: settings(dir, 2), log };
    const runs = [await runScheduledBackup(deps), await runScheduledBackup(deps), await runScheduledBackup(deps)];

    expect((await readdir(dir)).filter((f) => f.endsWith('.dump')).sort()).toEqual(runs.slice(1).map((r) => path.basename(r.file)).sort());
    const admin = await app.login({ role: 'admin' });
    const listed = await body(await app.fetch('/api/admin/backups', { cookie: admin.cookie }));
    expect(listed.items.map((i: { file: string }) => i.file)).toEqual([runs[2].file, runs[1].file]);
    const metrics = await (await app.fetch('/metrics', { headers: { authorization: 'Bearer scrape' } })).text();
    expect(metrics).toMatch(/^hc_backup_last_run_ok 1$/m);
    for (const role of ['supervisor', 'agent'] as const) {
      const user = await app.login({ role });
      expect((await app.fetch('/api/admin/backups', { cookie: user.cookie })).status).toBe(403);
    }
    expect((await app.fetch('/api/admin/backups?limit=0', { cookie: admin.cookie })).status).toBe(400);
    expect((await body(await app.fetch('/api/admin/backups?limit=x', { cookie: admin.cookie }))).error.code).toBe('invalid_input');
  });

  it('when two nodes work the backup queue, then one scheduled run makes one backup', async () => {
    const app = await appForTest();
    const dir = await tempDir();
    await mkdir(dir, { recursive: true });
    const nodes = [await startJobs({ url: app.db.url, log }), await startJobs({ url: app.db.url, log })];
    onTestFinished(() => Promise.all(nodes.map((n) => n.stop())).then(() => undefined));
    for (const n of nodes) await workBackupJobs(n.boss, { dataSource: app.db.dataSource, url: app.db.url, settings: settings(dir), log }, { pollingIntervalSeconds: 0.5 });
    const [schedule] = await sql<{ cron: string }>(app.db.url, `SELECT cron FROM pgboss.schedule WHERE name = $1`, [BACKUP_QUEUE]);
    expect(schedule.cron).toBe('0 3 * * *');

    const jobId = await nodes[0].boss.send(BACKUP_QUEUE, {});
    let state = '';
    while (state !== 'completed') {
      await new Promise((r) => setTimeout(r, 200));
      state = (await nodes[1].boss.getJobById(BACKUP_QUEUE, jobId!))?.state ?? '';
    }
    expect(await sql(app.db.url, 'SELECT ok FROM backups')).toEqual([{ ok: true }]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.dump'))).toHaveLength(1);
  });
});
