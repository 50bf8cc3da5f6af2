import { copyFile, mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { upsertCall } from '../../server/calls/call-log.repository';
import { createBackup } from '../../server/ops/backup/backup';
import { manifestPath, recordingsPath } from '../../server/ops/backup/manifest';
import { restoreBackup } from '../../server/ops/backup/restore';
import { callsChecksum, emptyDatabase, knownMigrations, relations, sourceDatabase, sql, tempDir } from './backup-harness';

/** Issue 21, item 1: backups are consistent while the contact center works, and restores refuse what they cannot trust. */
describe('backup and restore', () => {
  it('when calls are logged while the backup runs, then the restore holds exactly the snapshot: counts and the calls checksum match, nothing committed before is lost', async () => {
    const source = await sourceDatabase();
    const dir = await tempDir();
    const file = path.join(dir, 'busy.dump');
    const id = (n: number) => `call-${String(n).padStart(7, '0')}`;
    let written = 0;
    const log = async () => upsertCall(source.dataSource, {
      id: id(++written), callerNumber: '+380671234567', queue: 'hotline', queuedAt: new Date().toISOString(), answeredAt: new Date().toISOString(), holdSeconds: written % 60,
    });
    for (let i = 0; i < 200; i++) await log();
    const before = written;
    // A transaction open across the backup's start: its rows commit after the snapshot, so they are not in it.
    const late = new pg.Client({ connectionString: source.url });
    await late.connect();
    await late.query('BEGIN');
    await late.query(`INSERT INTO calls (id, outcome) VALUES ('late-1', 'answered'), ('late-2', 'answered')`);
    let stop = false;
    const writer = (async () => { while (!stop) await log(); })();
    const backup = createBackup({ url: source.url, file });
    await new Promise((r) => setTimeout(r, 20));
    await late.query('COMMIT');
    await late.end();
    const manifest = await backup.finally(() => { stop = true; });
    await writer;

    const target = await emptyDatabase();
    await restoreBackup({ url: target, file, knownMigrations });
    const restored = await callsChecksum(target);
    expect(restored.rows).toBe(manifest.tables['public.calls']);
    expect(restored.rows).toBeGreaterThanOrEqual(before);
    // One writer commits in key order: a consistent snapshot holds a prefix of its calls, identical row by row.
    const [{ last }] = await sql<{ last: string }>(target, `SELECT max(id) AS last FROM calls WHERE id LIKE 'call-%'`);
    const lateIn = (await sql(target, `SELECT 1 FROM calls WHERE id LIKE 'late-%'`)).length;
    expect(await callsChecksum(target, last)).toEqual(await callsChecksum(source.url, last));
    // The late transaction is in the snapshot whole or not at all.
    expect([0, 2]).toContain(lateIn);
    for (const [table, rows] of Object.entries(manifest.tables)) {
      const [{ n }] = await sql<{ n: number }>(target, `SELECT count(*)::int AS n FROM ${table.split('.').map((p) => `"${p}"`).join('.')}`);
      expect({ table, rows: n }).toEqual({ table, rows });
    }
    expect(manifest.schema.version).toBe(knownMigrations.at(-1));
  });

  it('when the dump is truncated or a byte of it altered, then the restore refuses it and writes nothing', async () => {
    const source = await sourceDatabase();
    const dir = await tempDir();
    const file = path.join(dir, 'good.dump');
    await createBackup({ url: source.url, file });
    const cut = path.join(dir, 'cut.dump');
    await copyFile(file, cut);
    await copyFile(manifestPath(file), manifestPath(cut));
    await truncate(cut, Math.floor((await readFile(cut)).length / 2));
    const altered = path.join(dir, 'altered.dump');
    const bytes = await readFile(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    await writeFile(altered, bytes);
    await copyFile(manifestPath(file), manifestPath(altered));
    const target = await emptyDatabase();

    await expect(restoreBackup({ url: target, file: cut, knownMigrations })).rejects.toThrow(/truncated or altered/);
    await expect(restoreBackup({ url: target, file: altered, knownMigrations })).rejects.toThrow(/checksum/);
    await writeFile(manifestPath(altered), '{"format":');
    await expect(restoreBackup({ url: target, file: altered, knownMigrations })).rejects.toThrow(/not valid JSON/);
    expect(await relations(target)).toBe(0);
  });

  it('when the database is not empty, then the restore refuses and leaves it as it was', async () => {
    const source = await sourceDatabase();
    const file = path.join(await tempDir(), 'x.dump');
    await createBackup({ url: source.url, file });
    const target = await emptyDatabase();
    await sql(target, `CREATE TABLE precious (note text); INSERT INTO precious VALUES ('keep me')`);

    await expect(restoreBackup({ url: target, file, knownMigrations })).rejects.toThrow(/not empty/);
    expect(await relations(target)).toBe(1);
    expect(await sql(target, 'SELECT note FROM precious')).toEqual([{ note: 'keep me' }]);
  });

  it('when the backup comes from a newer schema, then the restore refuses it and names the migrations it does not know', async () => {
    const source = await sourceDatabase();
    await sql(source.url, `INSERT INTO migrations (timestamp, name) VALUES (1899999999999, 'FromTheFuture1899999999999')`);
    const file = path.join(await tempDir(), 'newer.dump');
    const manifest = await createBackup({ url: source.url, file });
    expect(manifest.schema.version).toBe('FromTheFuture1899999999999');
    const target = await emptyDatabase();

    await expect(restoreBackup({ url: target, file, knownMigrations })).rejects.toThrow(/newer version.*FromTheFuture1899999999999/);
    expect(await relations(target)).toBe(0);
  });

  it('when a backup fails midway, then no half file is left beside the earlier ones', async () => {
    const source = await sourceDatabase();
    const dir = await tempDir();
    await createBackup({ url: source.url, file: path.join(dir, 'first.dump') });
    const wrongPassword = new URL(source.url);
    wrongPassword.password = 'not-the-password';
    await expect(createBackup({ url: wrongPassword.toString(), file: path.join(dir, 'second.dump') })).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['first.dump', 'first.dump.manifest.json']);
  });
});

describe('recordings in the backup (BACKUP_RECORDINGS)', () => {
  it('when recordings are included, then they are archived beside the dump, checksummed, and unpacked by the restore; when not, the manifest says so', async () => {
    const source = await sourceDatabase();
    const dir = await tempDir();
    const recordings = path.join(dir, 'recordings');
    await mkdir(path.join(recordings, '2026/12'), { recursive: true });
    await writeFile(path.join(recordings, '2026/12/call-1.wav'), Buffer.alloc(4096, 7));
    const file = path.join(dir, 'with.dump');

    const manifest = await createBackup({ url: source.url, file, recordingsDir: recordings });
    expect(manifest.recordings).toMatchObject({ included: true, file: 'with.dump.recordings.tar.gz' });
    const restoredTo = path.join(dir, 'restored-recordings');
    await restoreBackup({ url: await emptyDatabase(), file, knownMigrations, recordingsDir: restoredTo });
    expect(await readFile(path.join(restoredTo, '2026/12/call-1.wav'))).toEqual(Buffer.alloc(4096, 7));

    await truncate(recordingsPath(file), 100);
    const target = await emptyDatabase();
    await expect(restoreBackup({ url: target, file, knownMigrations, recordingsDir: restoredTo })).rejects.toThrow(/truncated or altered/);
    expect(await relations(target)).toBe(0);
    expect((await createBackup({ url: source.url, file: path.join(dir, 'without.dump') })).recordings).toEqual({ included: false });
  });
});
