import { describe, expect, it } from 'vitest';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Issue 9, item 8: an executor saw a confidential applicant's home (flat included) in the request's own address. */
describe('requests: a confidential applicant\'s home address, as executors see and search it', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  const water = await t.login({ role: 'executor', executor: 'WATER' });
  let seq = 0;
  const json = async (res: Response): Promise<any> => res.json();

  /** A cold-water request (routed to the water utility) of an applicant living at `home`. */
  async function register(home: string, over: Record<string, unknown> = {}, confidential = true): Promise<any> {
    seq++;
    const fullName = `Кравченко Ярина ${seq}`;
    const res = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName, phone: `050 321 ${String(seq).padStart(4, '0')}`, address: home, confidential },
        topicCode: 'HS.11', description: `Немає холодної води, ${home}. Просить ${fullName} передзвонити.`, source: 'call', ...over },
    });
    expect(res.status).toBe(201);
    return res.json();
  }
  const asExecutor = async (id: number) => json(await t.fetch(`/api/requests/${id}`, { cookie: water.cookie }));
  const executorFinds = async (q: string) =>
    (await json(await t.fetch(`/api/requests?q=${encodeURIComponent(q)}`, { cookie: water.cookie }))).items.map((r: any) => r.id);

  it('when the request\'s address is a confidential applicant\'s home, then the executor sees the building, never the flat or the name', async () => {
    const r = await register('вул. Гетьманська, 41, кв. 87');
    const seen = await asExecutor(r.id);
    expect(seen.address).toBe('вул. Гетьманська, 41');
    expect(seen.description).toBe('Немає холодної води, вул. Гетьманська, 41. Просить … передзвонити.');
    expect(JSON.stringify(seen)).not.toMatch(/кв\. 87|Кравченко/); // (not a bare 87: timestamps may hold it)
    // Staff decide the case: they see everything.
    const staff = await json(await t.fetch(`/api/requests/${r.id}`, { cookie: agent.cookie }));
    expect(staff.address).toBe('вул. Гетьманська, 41, кв. 87');
  });

  it('when an executor searches by the flat, then the request is not found; by the building it is, showing the building only', async () => {
    const r = await register('вул. Кобилянського, 93, кв. 512');
    expect(await executorFinds('Кобилянського 93 кв 512')).not.toContain(r.id);
    expect(await executorFinds('512')).not.toContain(r.id);
    expect(await executorFinds('Кобилянського 93')).toContain(r.id);
    const staffFinds = (await json(await t.fetch('/api/requests?q=Кобилянського 93 кв 512', { cookie: agent.cookie }))).items.map((x: any) => x.id);
    expect(staffFinds).toContain(r.id);
  });

  it('when a flat is written as a slash or "квартира", then the executor still sees the building only', async () => {
    expect((await asExecutor((await register('просп. Металургів 12/40')).id)).address).toBe('просп. Металургів 12');
    expect((await asExecutor((await register('вул. Лермонтова, 7а, квартира 3')).id)).address).toBe('вул. Лермонтова, 7а');
  });

  it('when the applicant is not confidential, or the address is another place, then the executor sees it whole', async () => {
    const open = await register('вул. Січеславська, 5, кв. 9', {}, false);
    expect((await asExecutor(open.id)).address).toBe('вул. Січеславська, 5, кв. 9');
    const elsewhere = await register('вул. Січеславська, 6, кв. 10', { address: 'вул. Героїв АТО, 20, кв. 4' });
    expect((await asExecutor(elsewhere.id)).address).toBe('вул. Героїв АТО, 20, кв. 4');
  });

  it('when an applicant becomes confidential later, then their earlier requests are hidden the same way, in the view and the search', async () => {
    const r = await register('вул. Тбіліська, 77, кв. 345', {}, false);
    expect(await executorFinds('Тбіліська 77 кв 345')).toContain(r.id);
    await t.db.dataSource.query('UPDATE citizens SET confidential = true WHERE id = (SELECT citizen_id FROM requests WHERE id = $1)', [r.id]);
    expect((await asExecutor(r.id)).address).toBe('вул. Тбіліська, 77');
    expect(await executorFinds('Тбіліська 77 кв 345')).not.toContain(r.id);
  });
});
