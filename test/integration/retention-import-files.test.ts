import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ukcTopicMapCsv, writeUkcFile } from '../../db/seed/appeal-files';
import { loadTopicMap } from '../../server/imports/topic-map';
import { startTestApp } from '../setup/app';

/** Issue 21 item 2: an uploaded import file is personal data kept for no longer than its import. */
describe('retention of import files', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-import-files-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const uploadRoot = path.join(dir, 'uploads');
  const t = await startTestApp({ imports: { uploadRoot } });
  const supervisor = await t.login({ role: 'supervisor' });
  await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
  await loadTopicMap(t.db.dataSource, 'ukc1545', path.join(dir, 'map.csv'));
  const upload = async (p: string, dryRun = false) => {
    const form = new FormData();
    form.set('format', 'ukc1545');
    if (dryRun) form.set('dryRun', 'true');
    form.set('file', new Blob([await readFile(p)]), path.basename(p));
    return t.fetch('/api/imports', { method: 'POST', cookie: supervisor.cookie, body: form });
  };

  it('when files are imported, dry-run or rejected, then none stays on disk, and the record keeps only its name, hash and counts', async () => {
    await writeUkcFile(path.join(dir, 'ok.csv'), { rows: 20 });
    await writeUkcFile(path.join(dir, 'bad.csv'), { rows: 20, firstNumber: 3, badDateRows: [5] });
    expect((await upload(path.join(dir, 'ok.csv'))).status).toBe(201);
    expect((await upload(path.join(dir, 'ok.csv'), true)).status).toBe(200);
    expect((await upload(path.join(dir, 'bad.csv'))).status).toBe(400);
    expect(await readdir(uploadRoot)).toEqual([]);
    const columns = (await t.db.dataSource.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'imports'`)).map((r: { column_name: string }) => r.column_name);
    expect(columns).not.toEqual(expect.arrayContaining([expect.stringMatching(/content|data|body|path/)]));
  }, 60_000);
});
