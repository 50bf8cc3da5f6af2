import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataSource } from '../../db/data-source';
import { readManifest } from '../../server/ops/backup/manifest';
import { restoreBackup } from '../../server/ops/backup/restore';
import { fingerprint, PREVIOUS_RELEASE_LAST_MIGRATION } from '../fixtures/backup/previous-release';
import { emptyDatabase, knownMigrations } from './backup-harness';

const fixture = path.resolve(import.meta.dirname, '../fixtures/backup/previous-release.dump');

/** Issue 21, item 4: a backup of the previous release restores into this one and migrates forward, its data whole. */
describe('a backup made by the previous release', () => {
  it('when it is restored into an empty database, then the migrations after it run and every row it held is still there', async () => {
    const manifest = await readManifest(fixture);
    expect(manifest.schema.version).toBe(PREVIOUS_RELEASE_LAST_MIGRATION);
    const later = knownMigrations.slice(knownMigrations.indexOf(PREVIOUS_RELEASE_LAST_MIGRATION) + 1);
    expect(later.length).toBeGreaterThan(0);
    const target = await emptyDatabase();

    await restoreBackup({ url: target, file: fixture, knownMigrations });
    const ds = createDataSource({ url: target, poolSize: 1 });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied.map((m) => m.name)).toEqual(later);
      const expected = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../fixtures/backup/previous-release.expected.json'), 'utf8'));
      expect(await fingerprint((text) => ds.query(text))).toEqual(expected);
      expect(await ds.query('SELECT count(*)::int AS n FROM backups')).toEqual([{ n: 0 }]);
    } finally {
      await ds.destroy();
    }
  });
});
