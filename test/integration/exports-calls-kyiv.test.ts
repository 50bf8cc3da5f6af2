import { describe, expect, it } from 'vitest';
import { startTestApp } from '../setup/app';

const OLD_HEADER = ['Дзвінок', 'Час', 'Напрямок', 'Номер', 'Ім’я абонента', 'Черга', 'Оператор', 'Результат', 'Розмова, с', 'Класифікація', 'Тема'];

describe('the calls export for people in Kyiv and for integrators', async () => {
  const t = await startTestApp();
  const admin = await t.login({ role: 'admin' });
  const sql = t.db.dataSource;
  // a summer call (UTC+3), a winter one (UTC+2), a withheld click-to-call that failed
  await sql.query(`
    INSERT INTO calls (id, caller_number, queue, direction, queued_at, outcome, wrap_up_kind) VALUES
      ('c-summer', '+380671112233', 'hotline', 'in', '2026-07-01T21:30:00Z', 'answered', 'request'),
      ('c-winter', '+380501112233', 'hotline', 'in', '2026-01-15T09:05:07Z', 'abandoned', NULL),
      ('c-out', '+380931112233', NULL, 'out', '2026-01-15T10:00:00Z', 'no_answer', NULL)`);
  const rows = async () => {
    const res = await t.fetch('/api/exports/calls.csv', { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const lines = Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8').trimEnd().split('\r\n').map((l) => l.split(';'));
    const header = lines[0];
    return { header, byId: new Map(lines.slice(1).map((cells) => [cells[0], Object.fromEntries(header.map((h, i) => [h, cells[i]]))])) };
  };

  it('when calls are exported, then the columns integrators read are where they were, and words for people come after them', async () => {
    const { header } = await rows();
    expect(header.slice(0, OLD_HEADER.length)).toEqual(OLD_HEADER);
    expect(header.slice(OLD_HEADER.length)).toEqual(['Напрямок словами', 'Результат словами', 'Класифікація словами']);
  });

  it('when a call was placed, then its time is Kyiv\'s wall clock with Kyiv\'s offset (the same instant), in summer and in winter', async () => {
    const { byId } = await rows();
    expect(byId.get('c-summer')!['Час']).toBe('2026-07-02T00:30:00+03:00');
    expect(byId.get('c-winter')!['Час']).toBe('2026-01-15T11:05:07+02:00');
    expect(Date.parse(byId.get('c-summer')!['Час'])).toBe(Date.parse('2026-07-01T21:30:00Z'));
  });

  it('when a call has an outcome, a direction and a wrap-up, then the codes stay and the words say them in Ukrainian', async () => {
    const { byId } = await rows();
    expect(byId.get('c-summer')).toMatchObject({ 'Результат': 'answered', 'Результат словами': 'відповіли', 'Напрямок словами': 'вхідний', 'Класифікація': 'request', 'Класифікація словами': 'нова заявка' });
    expect(byId.get('c-winter')).toMatchObject({ 'Результат': 'abandoned', 'Результат словами': 'не дочекався', 'Класифікація словами': '' });
    expect(byId.get('c-out')).toMatchObject({ 'Результат словами': 'не відповів', 'Напрямок словами': 'вихідний' });
  });
});
