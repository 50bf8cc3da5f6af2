import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ukcRow, ukcTopicMapCsv, writeUkcFile, UKC_HEADER } from '../../db/seed/appeal-files';
import { runImport, type ImportRequest } from '../../server/imports/imports.service';
import { loadTopicMap } from '../../server/imports/topic-map';
import { useTestDatabase } from '../setup/database';

describe('imports: 1545 files into requests, whole or not at all', async () => {
  const { dataSource } = await useTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-import-'));
  const file = (name: string) => path.join(dir, name);
  const run = (p: string, over: Partial<ImportRequest> = {}) =>
    runImport(dataSource, { format: 'ukc1545', path: p, fileName: path.basename(p), dryRun: false, actor: { userId: null, name: 'test' }, ...over });
  const count = async (where = "source = 'ukc1545'") => (await dataSource.query(`SELECT count(*)::int AS n FROM requests WHERE ${where}`))[0].n;
  await writeFile(file('map.csv'), ukcTopicMapCsv());
  await loadTopicMap(dataSource, 'ukc1545', file('map.csv'));

  it('when a windows-1251 export is imported, then it is detected and the Ukrainian text reads right', async () => {
    await writeUkcFile(file('a.csv'), { rows: 30, firstNumber: 1, unmappedEvery: 10 });
    expect((await readFile(file('a.csv'))).includes(Buffer.from('Заявник'))).toBe(false); // really not UTF-8
    const s = await run(file('a.csv'));
    expect(s).toMatchObject({ outcome: 'imported', total: 30, new: 30, updated: 0, unchanged: 0, rejected: 0, unclassified: 3 });
    expect(s.unmapped).toEqual([{ text: 'Питання, якого немає в мапі', count: 3 }]);
    const [r] = await dataSource.query(`
      SELECT r.description, r.topic_code, r.category, r.addressee, r.status, r.flags, r.subject, c.full_name,
             (SELECT array_agg(phone ORDER BY phone) FROM citizen_phones p WHERE p.citizen_id = r.citizen_id) AS phones
        FROM requests r JOIN citizens c ON c.id = r.citizen_id WHERE r.external_number = '10000003'`);
    expect(r).toMatchObject({ topic_code: 'LS.02', category: 'appeal', addressee: 'city_leadership', subject: 'individual' });
    expect(r.description).toMatch(/^[А-ЯІЇЄҐа-яіїєґ'’ ,.0-9-]+/);
    expect(r.full_name).toMatch(/^[А-ЯІЇЄҐ][а-яіїєґ']+ [А-ЯІЇЄҐ]/);
    expect(r.phones).toEqual(['+380532000003', '+380671000003']);
  });

  it('when the same file comes twice, then nothing is new and everything is unchanged', async () => {
    const s = await run(file('a.csv'));
    expect(s).toMatchObject({ outcome: 'imported', new: 0, updated: 0, unchanged: 30, rejected: 0 });
    expect(await count()).toBe(30);
  });

  it('when 1545 changed a status, then the row is updated with its history, and our own status is untouched', async () => {
    await dataSource.query(`UPDATE requests SET status = 'in_progress' WHERE external_number = '10000001'`);
    await writeUkcFile(file('a2.csv'), { rows: 30, firstNumber: 1, unmappedEvery: 10, status: 'Виконано' });
    const s = await run(file('a2.csv'));
    expect(s).toMatchObject({ new: 0, updated: 30, unchanged: 0 });
    const [r] = await dataSource.query(`
      SELECT r.status, x.fields ->> 'extStatus' AS ext,
             (SELECT data -> 'changes' -> 'extStatus' FROM request_events e WHERE e.request_id = r.id AND e.action = 'external_update') AS change
        FROM requests r JOIN request_external x ON x.request_id = r.id WHERE r.external_number = '10000001'`);
    expect(r).toEqual({ status: 'in_progress', ext: 'Виконано', change: ['На виконанні', 'Виконано'] });
  });

  it('when row 5,000 has a bad date, then that row and column are named and nothing is written', async () => {
    await writeUkcFile(file('bad.csv'), { rows: 6000, firstNumber: 2, badDateRows: [5000] });
    const before = await count();
    const s = await run(file('bad.csv'));
    expect(s).toMatchObject({ outcome: 'rejected', total: 6000, new: 0, rejected: 1 });
    expect(s.errors).toEqual([{ row: 5000, column: 'Створено', why: 'not a date: 31.02.2021 10:00', reason: { code: 'not_date', value: '31.02.2021 10:00' } }]);
    expect(await count()).toBe(before);
    const [rec] = await dataSource.query(`SELECT outcome, rows_rejected, errors FROM imports ORDER BY id DESC LIMIT 1`);
    expect(rec).toMatchObject({ outcome: 'rejected', rows_rejected: 1, errors: [{ row: 5000, column: 'Створено' }] });
  });

  it('when a dry run meets bad rows, then it lists every one (row, column, why) and changes nothing', async () => {
    const lines = [UKC_HEADER.join(';'),
      ';x1;;;01.02.2021 10:00;;Ремонт доріг;Яма;;;Іван;;0671234567;;;;',
      ';x2;;;01.02.2021;;Ремонт доріг;Яма;;;Іван;;12ab;;;;',
      ';;;;2021-02-30;;Ремонт доріг;Яма;;;Іван;;0671234567;;;;'];
    await writeFile(file('dry.csv'), `${lines.join('\n')}\n`);
    const before = await count();
    const s = await run(file('dry.csv'), { dryRun: true });
    expect(s.errors).toEqual([
      { row: 3, column: 'Телефон', why: 'not a phone number: 12ab', reason: { code: 'not_phone', value: '12ab' } },
      { row: 4, column: '№ звернення', why: 'required', reason: { code: 'required' } },
      { row: 4, column: 'Створено', why: 'not a date: 2021-02-30', reason: { code: 'not_date', value: '2021-02-30' } },
    ]);
    expect(s).toMatchObject({ outcome: 'rejected', rejected: 2, total: 3 });
    expect(await count()).toBe(before);
  });

  it('when a clean file is dry-run, then the counts are what an import would do, and nothing is written', async () => {
    await writeUkcFile(file('new.csv'), { rows: 10, firstNumber: 3, encoding: 'utf8bom' });
    const before = await count();
    expect(await run(file('new.csv'), { dryRun: true })).toMatchObject({ outcome: 'dry_run', new: 10, rejected: 0 });
    expect(await count()).toBe(before);
  });

  it('when a mandatory column is missing, then the file is refused with the column named', async () => {
    await writeFile(file('nocol.csv'), 'Заявник;Телефон;Створено\nІван;0671234567;01.02.2021 10:00\n');
    await expect(run(file('nocol.csv'))).rejects.toMatchObject({ status: 400, code: 'missing_columns', message: expect.stringContaining('№ звернення') });
  });

  it('when a UTF-8 export without BOM uses other columns and order, then it is matched by header names', async () => {
    await writeFile(file('utf8.csv'), 'Телефон;Створено;№ звернення;Питання;Зміст;За особливою умовою\n80501112233;05.03.2021 08:15;U-1;Ремонт доріг;Яма на дорозі;Повторне звернення\n');
    const s = await run(file('utf8.csv'), { addressee: 'department' });
    expect(s).toMatchObject({ new: 1, rejected: 0 });
    const [r] = await dataSource.query(`
      SELECT r.received_at, r.topic_code, r.flags, r.addressee, p.phone FROM requests r JOIN citizen_phones p ON p.citizen_id = r.citizen_id
       WHERE r.external_number = 'U-1'`);
    expect(r).toMatchObject({ topic_code: 'LS.01', flags: ['repeated'], addressee: 'department', phone: '+380501112233' });
    expect(r.received_at.toISOString()).toBe('2021-03-05T06:15:00.000Z');
  });

  it('when the CSV breaks off in row 2,000 (a quote never closed), then 400 names it, nothing is written and the next import runs', async () => {
    await writeUkcFile(file('broken.csv'), { rows: 2_000, firstNumber: 8 });
    await writeFile(file('broken.csv'), iconv.encode(`8${'9'.repeat(7)};"не закрита лапка;01.02.2021 10:00\r\n`, 'win1251'), { flag: 'a' });
    const before = await count();
    await expect(run(file('broken.csv'))).rejects.toMatchObject({ status: 400, code: 'unreadable_file', message: expect.stringContaining('Quote Not Closed') });
    expect(await count()).toBe(before);
    await writeUkcFile(file('after.csv'), { rows: 3, firstNumber: 9 });
    expect(await run(file('after.csv'))).toMatchObject({ new: 3 });
  });

  it('when cells hold tabs, line breaks, backslashes and quotes, then they are stored exactly as the file has them', async () => {
    // Rows are staged with COPY, whose text format gives tabs, line breaks and backslashes a meaning of their own.
    const description = 'Рядок 1\tз табуляцією\nРядок 2 з \\N, C:\\шлях і "лапками"\r\nкінець';
    const substatus = 'Продовжено \\ до {1,2} "знову"';
    const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
    await writeFile(file('escapes.csv'), `№ звернення;Створено;Зміст;Заявник;Телефон;Підстатус\nE-1;06.03.2021 09:00;${cell(description)};${cell('Д\'Артаньян "Шарль"')};0671112233;${cell(substatus)}\n`);
    expect(await run(file('escapes.csv'))).toMatchObject({ new: 1, rejected: 0 });
    const [r] = await dataSource.query(`
      SELECT r.description, c.full_name, x.fields ->> 'extSubstatus' AS substatus, r.flags
        FROM requests r JOIN citizens c ON c.id = r.citizen_id JOIN request_external x ON x.request_id = r.id WHERE r.external_number = 'E-1'`);
    expect(r).toEqual({ description, full_name: 'Д\'Артаньян "Шарль"', substatus, flags: [] });
  });
  it('when requests are imported, then their search vectors and home-address flags are what the per-row trigger gives', async () => {
    // Row 4's applicant is already known by their phone (the first file's row 4): made confidential, the vector hides their home.
    await dataSource.query(`UPDATE citizens SET confidential = true, address = $1 WHERE id = (SELECT citizen_id FROM requests WHERE external_number = '10000004')`,
      [ukcRow(4, { rows: 1 })[11]]);
    await writeUkcFile(file('tsv.csv'), { rows: 12, firstNumber: 7 });
    expect(await run(file('tsv.csv'))).toMatchObject({ new: 12, rejected: 0 });
    const q = dataSource.createQueryRunner();
    await q.startTransaction();
    try {
      // The same rows inserted again without a vector: the trigger computes it (from what a confidential
      // applicant's row was given for executors, too).
      const differ = await q.query(`
        WITH copies AS (
          INSERT INTO requests (number, received_at, source, topic_code, citizen_id, address, description, status, home_building, executor_description)
          SELECT 'copy-' || id, received_at, source, topic_code, citizen_id, address, description, status, home_building, executor_description
            FROM requests WHERE external_number LIKE '7%' RETURNING number, search_tsv, address_is_home)
        SELECT r.external_number FROM requests r JOIN copies c ON c.number = 'copy-' || r.id
         WHERE c.search_tsv IS DISTINCT FROM r.search_tsv OR c.address_is_home IS DISTINCT FROM r.address_is_home`);
      expect(differ).toEqual([]);
      const [home] = await q.query(`SELECT r.address_is_home, c.confidential FROM requests r JOIN citizens c ON c.id = r.citizen_id WHERE r.external_number = '70000004'`);
      expect(home).toEqual({ address_is_home: true, confidential: true });
      const [prepared] = await q.query(`SELECT executor_description IS NOT NULL AS ready FROM requests WHERE external_number = '70000004'`);
      expect(prepared).toEqual({ ready: true });
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });
});
