import { request } from 'node:http';
import { mkdtemp, rm, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ukcRow, ukcTopicMapCsv, writeUkcFile, UKC_HEADER } from '../../db/seed/appeal-files';
import { fileHash, runImport } from '../../server/imports/imports.service';
import { activeReaders } from '../../server/imports/reader-worker';
import { loadTopicMap } from '../../server/imports/topic-map';
import { body, startTestApp } from '../setup/app';
import { entry, sharedStringsBomb, workbookParts, writeZip } from './zip-files';

/** Waits for a state the server reaches by itself (a worker ended, a folder removed); not a measure of speed. */
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('imports: files made to hurt (bombs, endless bad rows, clients that leave)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-import-abuse-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const uploadRoot = path.join(dir, 'uploads');
  const t = await startTestApp({ imports: { uploadRoot } });
  const { dataSource } = t.db;
  const supervisor = await t.login({ role: 'supervisor' });
  const file = (name: string) => path.join(dir, name);
  await writeFile(file('map.csv'), ukcTopicMapCsv());
  await loadTopicMap(dataSource, 'ukc1545', file('map.csv'));
  const upload = async (p: string, fields: Record<string, string> = { format: 'ukc1545' }, signal?: AbortSignal) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('file', new Blob([await readFile(p)]), path.basename(p));
    return t.fetch('/api/imports', { method: 'POST', cookie: supervisor.cookie, body: form, signal });
  };
  const count = async () => (await dataSource.query('SELECT count(*)::int AS n FROM requests')).at(0).n as number;
  const imports = async () => (await dataSource.query('SELECT count(*)::int AS n FROM imports')).at(0).n as number;
  const quote = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const csv = (rows: string[][]) => `${[UKC_HEADER, ...rows].map((r) => r.map(quote).join(';')).join('\r\n')}\r\n`;

  it('when an XLSX unpacks to 4.6 GB of shared strings, then 413 names the limit, the server lives on and imports the next file', async () => {
    await writeZip(file('bomb.xlsx'), workbookParts(sharedStringsBomb(4.6e9), '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'));
    const res = await upload(file('bomb.xlsx'));
    expect(res.status).toBe(413);
    expect((await body(res)).error).toMatchObject({ code: 'inflated_too_large', fields: { file: 'unpacks to more than 256 MB' } });
    expect(activeReaders()).toBe(0);
    await writeUkcFile(file('after.csv'), { rows: 5, firstNumber: 9 });
    const after = await upload(file('after.csv'));
    expect(after.status).toBe(201);
    expect((await body(after)).fileHash).toBe(await fileHash(file('after.csv'))); // taken as the upload arrived
  });

  it('when a zip lies about its sizes (declares 1 KB, inflates to 1 GB), then inflating stops at the lie and 400 says so', async () => {
    await writeZip(file('liar.xlsx'), workbookParts({ ...sharedStringsBomb(1e9), declared: 1000 }, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'));
    const res = await upload(file('liar.xlsx'));
    expect(res.status).toBe(400);
    expect((await body(res)).error).toMatchObject({ code: 'unreadable_file', message: expect.stringContaining('inflates past the 1000 bytes it declares') });
  });

  it('when reading a workbook needs more memory than its reader may have, then the reader dies alone and the answer is 413', async () => {
    const strings = Array.from({ length: 200_000 }, (_, i) => `<si><t>Рядок ${i} ${'ї'.repeat(40)}</t></si>`).join('');
    const sst = entry('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings}</sst>`);
    await writeZip(file('heavy.xlsx'), workbookParts(sst, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'));
    const before = await count();
    const imported = runImport(dataSource, {
      format: 'city', path: file('heavy.xlsx'), fileName: 'heavy.xlsx', dryRun: false, actor: { userId: null, name: 'test' }, limits: { xlsxHeapMb: 16 },
    });
    await expect(imported).rejects.toMatchObject({ status: 413, code: 'reader_out_of_memory', fields: { file: 'needs more than 16 MB to read' } });
    expect(activeReaders()).toBe(0);
    expect(await count()).toBe(before);
  });

  it('when 20,000 rows are all bad, then reading stops after the first 1,000 problems and the answer says where', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => {
      const r = ukcRow(i, { rows: 20_000, firstNumber: 3 });
      r[4] = '31.02.2021 10:00';
      return r;
    });
    await writeFile(file('bad.csv'), csv(rows));
    const res = await upload(file('bad.csv'));
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.error.code).toBe('rows_rejected');
    expect(b.error.message).toContain('reading stopped at row 1001');
    expect(b.import).toMatchObject({ total: 1000, rejected: 1000, moreErrors: 0, stoppedAtRow: 1001 });
    expect(b.import.errors).toHaveLength(1000);
  });

  it('when rows have three problems each and the cap is 10, then ten are listed and the rest of that row is counted as more', async () => {
    const bad = ['', '', '', '', '2021-02-30', '', 'Ремонт доріг', 'Яма', '', '', 'Іван', '', '12ab', '', '', '', ''];
    await writeFile(file('three.csv'), csv(Array(50).fill(bad)));
    const s = await runImport(dataSource, {
      format: 'ukc1545', path: file('three.csv'), fileName: 'three.csv', dryRun: true, actor: { userId: null, name: 'test' }, limits: { maxErrors: 10 },
    });
    expect(s).toMatchObject({ outcome: 'rejected', total: 4, rejected: 4, moreErrors: 2, stoppedAtRow: 5 });
    expect(s.errors).toHaveLength(10);
  });

  it('when a cell is longer than the API takes or holds a NUL, then its row and column are named and nothing is stored', async () => {
    const long = ukcRow(1, { rows: 2, firstNumber: 4 });
    long[7] = 'Я'.repeat(4001);
    const nul = ukcRow(2, { rows: 2, firstNumber: 4 });
    nul[10] = 'Іван\u0000Петренко';
    await writeFile(file('cells.csv'), csv([long, nul]));
    const before = await count();
    const res = await upload(file('cells.csv'));
    expect(res.status).toBe(400);
    expect((await body(res)).error).toMatchObject({
      code: 'rows_rejected', fields: { 'row 2: Зміст': 'longer than 4000 characters', 'row 3: Заявник': 'contains a control character' },
    });
    expect(await count()).toBe(before);
  });

  it('when a bad cell is quoted in the error and the quote would cut an emoji in half, then the error is still stored and answered', async () => {
    const row = ukcRow(3, { rows: 4, firstNumber: 4 });
    row[4] = `${'x'.repeat(39)}😀 о 10:00`; // "not a date: …" quotes 40 UTF-16 units: half of the emoji
    row[12] = `067${'1'.repeat(56)}😀`; // "not a phone number: …" quotes 60
    await writeFile(file('emoji.csv'), csv([row]));
    const res = await upload(file('emoji.csv'));
    expect(res.status).toBe(400);
    const { error } = await body(res);
    expect(error.code).toBe('rows_rejected');
    expect(error.fields['row 2: Створено']).toBe(`not a date: ${'x'.repeat(39)}`);
    const [rec] = await dataSource.query(`SELECT errors FROM imports WHERE file_name = 'emoji.csv'`);
    expect(rec.errors).toHaveLength(2);
  });

  it('when the client disconnects during an import, then the reader is stopped and nothing is written', async () => {
    await writeUkcFile(file('big.csv'), { rows: 60_000, firstNumber: 5 });
    const before = { requests: await count(), imports: await imports() };
    const client = new AbortController();
    const pending = upload(file('big.csv'), { format: 'ukc1545' }, client.signal).catch((e: Error) => e);
    const copying = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY import_rows%' AND state = 'active'`))[0].n > 0;
    await until(copying, 'the import to stage rows');
    client.abort();
    expect(await pending).toBeInstanceOf(Error);
    await until(() => activeReaders() === 0, 'the reader to stop');
    await until(async () => (await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()`))[0].n === 0, 'the import to roll back');
    expect({ requests: await count(), imports: await imports() }).toEqual(before);
    await until(async () => (await readdir(uploadRoot)).length === 0, 'the upload to be removed');
  });

  it('when a client leaves in the middle of an upload, then its temporary file is removed', async () => {
    const boundary = 'hc-boundary';
    const req = request(`${t.baseUrl}/api/imports`, {
      method: 'POST',
      headers: { cookie: supervisor.cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(50 * 1024 * 1024) },
    });
    req.on('error', () => {});
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\nukc1545\r\n`);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.csv"\r\nContent-Type: text/csv\r\n\r\n`);
    req.write(Buffer.alloc(1024 * 1024, 'a'));
    await until(async () => (await readdir(uploadRoot)).length > 0, 'the upload to begin');
    req.destroy();
    await until(async () => (await readdir(uploadRoot)).length === 0, 'the half upload to be removed');
  });
});
