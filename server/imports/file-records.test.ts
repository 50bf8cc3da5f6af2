import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openRecords } from './file-records';

/** CSV files are parsed in a worker thread; these hold it to what reading in the same thread did. */
describe('file records: CSV read in a worker', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-records-'));
  const rows = Array.from({ length: 2_500 }, (_, i) => `${i};"Вулиця Шевченка, ${i}";"рядок ""в лапках""\nі другий"`);
  const file = path.join(dir, 'a.csv');
  await writeFile(file, iconv.encode(`№;Адреса;Зміст\r\n${rows.join('\r\n')}\r\n`, 'win1251'));
  const all = async (f: Awaited<ReturnType<typeof openRecords>>) => {
    const out: unknown[][] = [];
    for await (const r of f.rows) out.push(r);
    return out;
  };

  it('when a windows-1251 file is read, then every row comes in order, quotes and line breaks kept, and progress reaches the end', async () => {
    const f = await openRecords(file);
    expect(f).toMatchObject({ encoding: 'win1251', delimiter: ';', header: ['№', 'Адреса', 'Зміст'] });
    const got = await all(f);
    expect(got).toHaveLength(2_500);
    expect(got[1234]).toEqual(['1234', 'Вулиця Шевченка, 1234', 'рядок "в лапках"\nі другий']);
    expect(f.progress().done).toBe(f.progress().total);
  });

  it('when a quoted cell is never closed, then reading fails with 400 and the parser’s words', async () => {
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, 'a;b\n1;"not closed\n');
    await expect(openRecords(bad).then(all)).rejects.toMatchObject({ status: 400, code: 'unreadable_file', message: expect.stringContaining('Quote Not Closed') });
  });

  it('when a file is closed after its header, then its reader stops and reading on fails instead of waiting', async () => {
    const f = await openRecords(file);
    await f.close();
    await expect(all(f)).rejects.toThrow(/stopped/);
  });
});
