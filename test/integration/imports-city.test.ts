import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../server/imports/imports.service';
import { useTestDatabase } from '../setup/database';

const HEADER = ['number', 'received_at', 'category', 'source', 'addressee', 'kind', 'subject', 'signatories', 'topic_code', 'flags',
  'citizen_name', 'phones', 'address', 'district_code', 'description', 'executor_code', 'status', 'result', 'closed_at', 'satisfaction'];

describe('imports: the city format (history from the previous system), CSV and XLSX', async () => {
  const { dataSource } = await useTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-city-'));
  const run = (p: string) => runImport(dataSource, { format: 'city', path: p, fileName: path.basename(p), dryRun: false, actor: { userId: null, name: 'test' } });

  it('when a comma-separated UTF-8 file states flags, subject and our workflow, then the request carries exactly that', async () => {
    const rows = [HEADER.join(','),
      'C-1,2020-05-04T10:00:00+03:00,appeal,written,department,complaint,collective,12,HS.06,repeated|mass,Іван Петренко,"0671112233, 0501112233",вул. Лісова 3,SAK,Протікає дах,SAK-EC,closed,9.1,15.05.2020 12:00,5',
      'C-2,04.05.2020 10:00,,call,,,,,LS.01,,,,,,Яма,,,,,'];
    await writeFile(path.join(dir, 'city.csv'), `${rows.join('\n')}\n`);
    expect(await run(path.join(dir, 'city.csv'))).toMatchObject({ outcome: 'imported', new: 2, rejected: 0 });
    const got = await dataSource.query(`
      SELECT r.external_number, r.category, r.source, r.addressee, r.kind, r.subject, r.signatories, r.flags, r.status, r.result,
             r.satisfaction, r.district_code, e.code AS executor, r.closed_at IS NOT NULL AS closed
        FROM requests r LEFT JOIN executors e ON e.id = r.executor_id ORDER BY r.external_number`);
    expect(got[0]).toEqual({
      external_number: 'C-1', category: 'appeal', source: 'written', addressee: 'department', kind: 'complaint', subject: 'collective',
      signatories: 12, flags: ['repeated', 'mass'], status: 'closed', result: 'resolved', satisfaction: 5, district_code: 'SAK', executor: 'SAK-EC', closed: true,
    });
    expect(got[1]).toMatchObject({ external_number: 'C-2', category: 'service', source: 'call', addressee: 'city_leadership', flags: [], result: null });
  });

  it('when a city file has unknown codes, then every bad cell is named', async () => {
    await writeFile(path.join(dir, 'bad.csv'), `${HEADER.join(';')}\nC-9;2020-05-04;maybe;fax;;;;;XX.99;weird;;;;;Текст;;open;9.9;;7\n`);
    const s = await run(path.join(dir, 'bad.csv'));
    expect(s.errors.map((e) => e.column)).toEqual(['source', 'topic_code', 'category', 'flags', 'status', 'result', 'satisfaction']);
  });

  it('when the file is XLSX with date cells, then it is read like the CSV', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Звернення');
    ws.addRow(HEADER);
    ws.addRow(['X-1', new Date(Date.UTC(2020, 6, 1, 9, 30)), 'appeal', 'personal', '', '', '', '', 'HC.01', '', 'Олена Коваль', '0931234567', '', '', 'Запис до лікаря']);
    await wb.xlsx.writeFile(path.join(dir, 'city.xlsx'));
    expect(await run(path.join(dir, 'city.xlsx'))).toMatchObject({ new: 1, rejected: 0 });
    const [r] = await dataSource.query(`SELECT received_at, source FROM requests WHERE external_number = 'X-1'`);
    // The cell says 09:30 on the wall clock; in Kyiv's summer that is 06:30 UTC.
    expect(r).toEqual({ received_at: new Date('2020-07-01T06:30:00Z'), source: 'personal' });
  });
});
