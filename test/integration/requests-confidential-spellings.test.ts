import { describe, expect, it } from 'vitest';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Issue 19, item 6: a confidential applicant's flat or name reached executors whenever the request's address was
 * typed differently from the card, the flat was written another way, or the description named the flat or the
 * applicant in another case form. Everything here goes through the executor's own routes: the request, the
 * list, the export and the timeline.
 */
describe('requests: a confidential applicant\'s flat and name, in the spellings people type', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  const water = await t.login({ role: 'executor', executor: 'WATER' });
  let seq = 0;
  const json = async (res: Response): Promise<any> => res.json();

  /** A cold-water request (routed to the water utility) of a confidential applicant whose card says `home`. */
  async function register(fullName: string, home: string, address: string, description: string, confidential = true): Promise<any> {
    seq++;
    const res = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName, phone: `050 777 ${String(seq).padStart(4, '0')}`, address: home, confidential },
        address, topicCode: 'HS.11', description, source: 'call' },
    });
    expect(res.status).toBe(201);
    return res.json();
  }
  const asExecutor = async (id: number) => json(await t.fetch(`/api/requests/${id}`, { cookie: water.cookie }));
  const executorExport = async () => Buffer.from(await (await t.fetch('/api/exports/requests.csv', { cookie: water.cookie })).arrayBuffer()).toString('utf8');
  const executorList = async () => JSON.stringify((await json(await t.fetch('/api/requests?pageSize=200', { cookie: water.cookie }))).items);

  it('when the request\'s address is the card\'s home spelled another way, then the executor sees the building only', async () => {
    const cases: [string, string, string][] = [
      ['вул. Гетьманська, 41, кв. 87', 'Гетьманська вул 41 кв87', 'Гетьманська вул 41'],
      ['просп. Металургів, буд. 12, квартира 40', 'пр-т Металургів 12-40', 'пр-т Металургів 12'],
      ['вулиця Лермонтова, 7а, кв. 3', 'ВУЛ. ЛЕРМОНТОВА 7А/3', 'ВУЛ. ЛЕРМОНТОВА 7А'],
      ['бульвар Вечірній, буд 9, кв-ра 120', 'б-р Вечірній буд 9 120', 'б-р Вечірній буд 9'],
      ['вул. Мар’янівська, 5, кв. 14', "вул Мар'янiвська 5 к. 14", "вул Мар'янiвська 5"], // a Latin "i" in it
    ];
    for (const [home, address, building] of cases) {
      const r = await register(`Ткачук Олег ${seq}`, home, address, 'Немає холодної води.');
      const seen = await asExecutor(r.id);
      expect(seen.address, address).toBe(building);
    }
  });

  it('when the description names the flat or the applicant in another case, then the executor reads it without them', async () => {
    const r = await register('Коваль Петро Іванович', 'вул. Січеславська, 15, кв. 64', 'вул. Січеславська, 15, кв. 64',
      'Коваля П. І. турбує: у квартирі 64 немає води, Січеславська 15/64. Ковалю треба передзвонити, Петру Івановичу.');
    const seen = await asExecutor(r.id);
    expect(seen.description).not.toMatch(/Ковал|Петр|Іванович|64/);
    expect(seen.description).toContain('немає води');
    expect(seen.description).toContain('Січеславська 15');
    const staff = await json(await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie }));
    expect(staff.description).toContain('Коваля');
  });

  it('when a staff comment on the timeline names the applicant or the flat, then the executor reads it without them', async () => {
    const r = await register('Петренко Ганна', 'вул. Тиха, 3, кв. 19', 'вул. Тиха, 3, кв. 19', 'Тече кран.');
    const res = await t.fetch(`/api/requests/${r.id}/transitions`, {
      method: 'POST', cookie: agent.cookie, json: { action: 'comment', text: 'Петренко просить дзвонити перед приходом, кв. 19' },
    });
    expect(res.status).toBe(200);
    const seen = await asExecutor(r.id);
    const comments = seen.timeline.map((e: any) => e.comment).filter(Boolean).join(' ');
    expect(comments).toContain('просить дзвонити');
    expect(comments).not.toMatch(/Петренко|19/);
  });

  it('when the executor lists or exports the requests, then no flat or name of these applicants is in them', async () => {
    const r = await register('Бондаренко Марія', 'вул. Кобилянського 93 кв 512', 'Кобилянського, 93, квартира № 512',
      'Бондаренко Марії з квартири № 512 не вистачає тиску.');
    const list = await executorList();
    const csv = await executorExport();
    for (const text of [list, csv]) {
      expect(text).toContain(r.number);
      // (not a bare 512: a timestamp's milliseconds may hold it)
      expect(text).not.toMatch(/№ 512|квартир\S* 512|Бондаренк|Марі[їя]|Ковал|кв87|12-40|7А\/3/);
    }
  });

  it('when an executor searches by the flat or the name in any form, then the request is not found; by the building it is', async () => {
    const r = await register('Гончаренко Ліна', 'вул. Нікопольська, 31, кв. 345', 'Нікопольська вул 31 кв345',
      'Гончаренку Ліні не дає спати шум у квартирі 345');
    const finds = async (q: string) =>
      (await json(await t.fetch(`/api/requests?q=${encodeURIComponent(q)}`, { cookie: water.cookie }))).items.map((x: any) => x.id);
    for (const q of ['345', 'кв345', 'Гончаренку', 'Ліні', 'Гончаренко']) expect(await finds(q), q).not.toContain(r.id);
    expect(await finds('Нікопольська 31')).toContain(r.id);
    const staffFinds = (await json(await t.fetch(`/api/requests?q=${encodeURIComponent('Гончаренку шум')}`, { cookie: agent.cookie }))).items.map((x: any) => x.id);
    expect(staffFinds).toContain(r.id);
  });

  it('when the applicant is not confidential, or the request is another place, then the executor sees it whole', async () => {
    const open = await register('Мельник Іван', 'вул. Тиха, 8, кв. 2', 'Тиха вул 8 кв 2', 'Мельник просить перевірити кв. 2', false);
    expect((await asExecutor(open.id)).address).toBe('Тиха вул 8 кв 2');
    expect((await asExecutor(open.id)).description).toBe('Мельник просить перевірити кв. 2');
    const elsewhere = await register('Савчук Ірина', 'вул. Тиха, 8, кв. 5', 'вул. Героїв АТО, 20, кв. 4', 'Тече з кв. 4 на сходи.');
    const seen = await asExecutor(elsewhere.id);
    expect(seen.address).toBe('вул. Героїв АТО, 20, кв. 4');
    expect(seen.description).toBe('Тече з кв. 4 на сходи.');
  });
});
