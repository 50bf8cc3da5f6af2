import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';

describe('requests: category (appeal | service) and addressee', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  let seq = 0;
  const card = (over: Record<string, unknown> = {}) => ({
    citizen: { fullName: 'Коваль Ірина Петрівна', phone: `067 555 ${String(1000 + ++seq)}` },
    topicCode: 'HS.06', description: `Протікає дах (${seq})`, source: 'call', ...over,
  });
  const create = (over: Record<string, unknown> = {}) => t.fetch('/api/requests', { method: 'POST', cookie: agent.cookie, json: card(over) });

  it('when a call is registered without a category, then it is a service request addressed to the city leadership', async () => {
    const r = await body(await create());
    expect(r).toMatchObject({ category: 'service', addressee: 'city_leadership' });
  });

  it('when a letter is registered, then it is an appeal; when a call is registered as an appeal, then it is one', async () => {
    expect((await body(await create({ source: 'written' }))).category).toBe('appeal');
    expect((await body(await create({ category: 'appeal', addressee: 'department' })))).toMatchObject({ category: 'appeal', addressee: 'department' });
  });

  it('when the addressee is not on the list, then 400 names the field', async () => {
    const res = await create({ addressee: 'mayor_cat' });
    expect(res.status).toBe(400);
    expect((await body(res)).error.fields).toHaveProperty('addressee');
  });

  it('when a row is written without a category (older writers), then the database sets it by source', async () => {
    await t.db.dataSource.query(`
      INSERT INTO requests (number, received_at, source, topic_code, description, status)
      VALUES ('1999-000001', now(), 'web', 'HS.06', 'x', 'registered'), ('1999-000002', now(), 'ukc1545', 'HS.06', 'x', 'registered')`);
    const rows = await t.db.dataSource.query(`SELECT source, category, addressee FROM requests WHERE number LIKE '1999-%' ORDER BY number`);
    expect(rows).toEqual([
      { source: 'web', category: 'service', addressee: 'city_leadership' },
      { source: 'ukc1545', category: 'appeal', addressee: 'city_leadership' },
    ]);
  });

  it('when an admin adds an addressee, then requests may name it; an agent may not add one', async () => {
    const admin = await t.login({ role: 'admin' });
    const put = (cookie: string, json: unknown) => t.fetch('/api/addressees/deputy_mayor', { method: 'PUT', cookie, json });
    expect((await put(agent.cookie, { nameUk: 'Заступник', nameEn: 'Deputy' })).status).toBe(403);
    expect((await put(admin.cookie, { nameUk: '' })).status).toBe(400);
    const res = await put(admin.cookie, { nameUk: 'Заступник міського голови', nameEn: 'Deputy mayor', position: 5 });
    expect(await body(res)).toEqual({ code: 'deputy_mayor', name: 'Заступник міського голови', nameEn: 'Deputy mayor', position: 5 });
    expect((await body(await create({ source: 'written', addressee: 'deputy_mayor' }))).addressee).toBe('deputy_mayor');
  });

  it('when the addressees are listed, then the fixed ones come first, in order', async () => {
    const list = await body(await t.fetch('/api/addressees', { cookie: agent.cookie }));
    expect(list.map((a: { code: string }) => a.code).slice(0, 4)).toEqual(['city_leadership', 'department', 'district_committee', 'city_council']);
  });
});
