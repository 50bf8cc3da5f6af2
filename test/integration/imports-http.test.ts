import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeUkcFile } from '../../db/seed/appeal-files';
import { body, startTestApp } from '../setup/app';

describe('imports over HTTP: POST /api/imports (multipart), GET /api/imports', async () => {
  const t = await startTestApp();
  const supervisor = await t.login({ role: 'supervisor' });
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-import-http-'));
  const upload = async (cookie: string, fields: Record<string, string>, file?: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set('file', new Blob([await readFile(file)]), path.basename(file));
    return t.fetch('/api/imports', { method: 'POST', cookie, body: form });
  };

  it('when a supervisor uploads a 1545 export, then it is imported and the record lists who, when and the hash', async () => {
    await writeUkcFile(path.join(dir, 'ukc.csv'), { rows: 25 });
    const res = await upload(supervisor.cookie, { format: 'ukc1545' }, path.join(dir, 'ukc.csv'));
    expect(res.status).toBe(201);
    expect(await body(res)).toMatchObject({ outcome: 'imported', new: 25, fileName: 'ukc.csv', fileHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const list = await body(await t.fetch('/api/imports', { cookie: supervisor.cookie }));
    expect(list.items[0]).toMatchObject({ fileName: 'ukc.csv', actor: supervisor.user.username, userId: supervisor.user.id, new: 25, outcome: 'imported' });
  });

  it('when rows are bad, then 400 rows_rejected names each bad row and column', async () => {
    await writeUkcFile(path.join(dir, 'bad.csv'), { rows: 10, firstNumber: 2, badDateRows: [4] });
    const res = await upload(supervisor.cookie, { format: 'ukc1545', dryRun: 'true' }, path.join(dir, 'bad.csv'));
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.error).toMatchObject({ code: 'rows_rejected', fields: { 'row 4: Створено': 'not a date: 31.02.2021 10:00' } });
    expect(b.import).toMatchObject({ rejected: 1, new: 0 });
  });

  it('when the format is unknown or the file is missing, then 400 names the field', async () => {
    const noFile = await upload(supervisor.cookie, { format: 'ukc1545' });
    expect(noFile.status).toBe(400);
    expect((await body(noFile)).error.fields).toHaveProperty('file');
    const badFormat = await upload(supervisor.cookie, { format: 'fax' }, path.join(dir, 'ukc.csv'));
    expect(badFormat.status).toBe(400);
    expect((await body(badFormat)).error.fields).toHaveProperty('format');
  });

  it('when an agent or an official imports or lists imports, then 403', async () => {
    for (const role of ['agent', 'official'] as const) {
      const { cookie } = await t.login({ role });
      expect((await upload(cookie, { format: 'ukc1545' }, path.join(dir, 'ukc.csv'))).status).toBe(403);
      expect((await t.fetch('/api/imports', { cookie })).status).toBe(403);
    }
  });
});
