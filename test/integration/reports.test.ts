import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';

describe('the yearly report: GET /api/reports/yearly and its XLSX and PDF', async () => {
  const t = await startTestApp();
  const supervisor = await t.login({ role: 'supervisor' });
  const sql = t.db.dataSource;
  let seq = 0;
  /** `n` requests received at a Kyiv wall-clock time, with the given columns. */
  const add = async (n: number, at: string, cols: Record<string, unknown> = {}) => {
    const c = { source: 'ukc1545', topic_code: 'HS.06', subject: 'individual', addressee: 'city_leadership', result: null, flags: [], citizen_id: null, ...cols };
    await sql.query(
      `INSERT INTO requests (number, received_at, source, topic_code, subject, addressee, result, flags, citizen_id, description, status, category)
       SELECT 'T-' || ($1::int + i), ($2::timestamp AT TIME ZONE 'Europe/Kyiv'), $3, $4, $5, $6, $7, $8, $9, 'x', 'registered', $10
         FROM generate_series(1, $11::int) i`,
      [seq, at, c.source, c.topic_code, c.subject, c.addressee, c.result, c.flags, c.citizen_id, (cols.category as string) ?? null, n]);
    seq += n;
  };
  const [{ id: veteran }] = await sql.query(`INSERT INTO citizens (full_name, category, privileged) VALUES ('Ветеран', 'war_veteran', true) RETURNING id`);
  await add(10, '2020-06-01 10:00');
  await add(4, '2020-06-01 10:00', { source: 'written', flags: ['repeated'] });
  await add(8, '2021-03-01 10:00');
  await add(2, '2021-03-01 10:00', { source: 'regional_hotline', flags: ['repeated', 'mass'], subject: 'collective' });
  await add(3, '2021-07-01 10:00', { source: 'written', topic_code: 'HC.01', addressee: 'department', result: 'resolved', citizen_id: veteran });
  await add(2, '2021-12-31 23:30', { source: 'personal', result: 'explained', addressee: 'district_committee' });
  await add(1, '2022-01-01 00:30'); // next year in Kyiv, though 2021 in UTC
  await add(6, '2021-05-05 10:00', { source: 'call' });
  await add(2, '2020-05-05 10:00', { source: 'call', category: 'appeal' }); // a call registered as a formal appeal

  const report = async (query: string, cookie = supervisor.cookie) => t.fetch(`/api/reports/yearly?${query}`, { cookie });

  it('when a supervisor asks for 2021, then every figure is counted by Kyiv year, with the year before', async () => {
    const res = await report('year=2021');
    expect(res.status).toBe(200);
    const r = await body(res);
    expect(r).toMatchObject({ year: 2021, previousYear: 2020, scope: { addressee: null }, appeals: { current: 15, previous: 16, changePercent: -6.3 } });
    expect(r.byAddressee).toEqual([
      { addressee: 'city_leadership', current: 10, previous: 16 }, { addressee: 'department', current: 3, previous: 0 },
      { addressee: 'district_committee', current: 2, previous: 0 },
    ]);
    expect(r.bySource).toEqual([
      { source: 'ukc1545', current: 8, previous: 10 }, { source: 'written', current: 3, previous: 4 },
      { source: 'personal', current: 2, previous: 0 }, { source: 'regional_hotline', current: 2, previous: 0 }, { source: 'call', current: 0, previous: 2 },
    ]);
    expect(r.byTopic).toEqual([
      { code: 'HS', name: expect.any(String), current: 12, previous: 16, percent: 80 },
      { code: 'HC', name: expect.any(String), current: 3, previous: 0, percent: 20 },
    ]);
    expect(r.flags).toEqual([
      { flag: 'repeated', current: 2, previous: 4, bySource: { regional_hotline: { current: 2, previous: 0 }, written: { current: 0, previous: 4 } } },
      { flag: 'mass', current: 2, previous: 0, bySource: { regional_hotline: { current: 2, previous: 0 } } },
    ]);
    expect(r.bySubject).toEqual([{ subject: 'individual', current: 13, previous: 16 }, { subject: 'collective', current: 2, previous: 0 }]);
    expect(r.byResult).toEqual([{ result: '9.1', current: 3, previous: 0 }, { result: '9.3', current: 2, previous: 0 }]);
    expect(r.serviceRequests).toEqual({ current: 6, previous: 0 });
    expect(r.byMonth[2]).toEqual({ month: 3, current: 10, previous: 0 });
  });

  it('when the state form is read, then its three tables hold the pairs of the two years', async () => {
    const { form } = await body(await report('year=2021'));
    expect(form.table1).toEqual({
      all: { current: 15, previous: 16 }, post: { current: 3, previous: 4 }, personal: { current: 2, previous: 0 },
      resolved: { current: 3, previous: 0 }, refused: { current: 0, previous: 0 }, explained: { current: 2, previous: 0 }, other: { current: 10, previous: 16 },
    });
    expect(form.table2).toMatchObject({ repeated: { current: 2, previous: 4 }, collective: { current: 2, previous: 0 }, war_veteran: { current: 3, previous: 0 } });
    expect(form.table3.columns.map((c: { code: string }) => c.code)).toEqual(['008', '009']);
    expect(form.table3.rows[0]).toMatchObject({ row: 'all', all: { current: 15, previous: 16 }, cells: { '008': { current: 3, previous: 0 }, '009': { current: 12, previous: 16 } } });
  });

  it('when the scope is one addressee, then only its appeals count', async () => {
    const r = await body(await report('year=2021&addressee=department'));
    expect(r).toMatchObject({ scope: { addressee: 'department' }, appeals: { current: 3, previous: 0, changePercent: null } });
    expect(r.bySource).toEqual([{ source: 'written', current: 3, previous: 0 }]);
  });

  it('when a year has no data, then every figure is zero and every list is empty, not an error', async () => {
    const r = await body(await report('year=2031'));
    expect(r).toMatchObject({ appeals: { current: 0, previous: 0, changePercent: null }, byTopic: [], flags: [], serviceRequests: { current: 0, previous: 0 } });
    expect(r.form.table1.all).toEqual({ current: 0, previous: 0 });
    expect(r.byMonth.every((m: { current: number }) => m.current === 0)).toBe(true);
  });

  it('when the year or addressee is bad, then 400 names the field', async () => {
    expect((await body(await report('year=abc'))).error.fields).toHaveProperty('year');
    expect((await body(await report('year=2021&addressee=nobody'))).error.fields).toHaveProperty('addressee');
  });

  it('when an agent, official or executor asks for the report or its exports, then 403', async () => {
    const { cookie } = await t.login({ role: 'agent' });
    const official = await t.login({ role: 'official' });
    for (const path of ['/api/reports/yearly?year=2021', '/api/reports/yearly.xlsx?year=2021', '/api/reports/yearly.pdf?year=2021']) {
      expect((await t.fetch(path, { cookie })).status).toBe(403);
      expect((await t.fetch(path, { cookie: official.cookie })).status).toBe(403);
    }
  });

  it('when exported, then the XLSX has a sheet per table with the figures, and the PDF is a PDF with a Cyrillic font', async () => {
    const xlsx = await t.fetch('/api/reports/yearly.xlsx?year=2021', { cookie: supervisor.cookie });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Підсумки', 'Джерела', 'Тематика', 'Таблиця 1', 'Таблиця 2', 'Таблиця 3']));
    const t1 = wb.getWorksheet('Таблиця 1')!;
    expect(t1.getRow(3).values).toEqual([undefined, 'Кількість усіх звернень', 16, 15, -6.3]);
    const pdf = Buffer.from(await (await t.fetch('/api/reports/yearly.pdf?year=2021', { cookie: supervisor.cookie })).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('DejaVuSans');
  });
});
