import { describe, expect, it } from 'vitest';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */

describe('requests: search, lists and the audit of reads', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  const admin = await t.login({ role: 'admin' });
  const json = async (res: Response): Promise<any> => res.json();
  const create = async (citizen: Record<string, unknown>, over: Record<string, unknown> = {}): Promise<any> =>
    json(await t.fetch('/api/requests', { method: 'POST', cookie: agent.cookie, json: { citizen, topicCode: 'LS.02', source: 'call', ...over } }));
  const search = async (query: string): Promise<any> => json(await t.fetch(`/api/requests?${query}`, { cookie: agent.cookie }));
  const ids = (page: any) => page.items.map((r: any) => r.id);

  const kovalenko = await create({ fullName: 'Коваленко Олена Петрівна', phone: '+380 (67) 311-22-33', address: 'вул. Шевченка, 14' },
    { description: 'Не працює вуличне освітлення біля школи' });
  const hrytsenko = await create({ fullName: 'Гриценко Василь', phone: '0931112233', address: 'вул. Героїв АТО, 5' },
    { description: 'Розбита дорога, яма на проїжджій частині', topicCode: 'LS.01', source: 'web', district: 'TER' });
  const anonymous = await create({ fullName: 'x', phone: '0' }, { citizen: undefined, subject: 'anonymous', address: 'вул. Каховська, 9', description: 'Бродячі собаки у дворі', topicCode: 'LS.07' });

  it('when the number is typed, then exactly that request is found', async () => {
    const page = await search(`q=${kovalenko.number}`);
    expect(page).toMatchObject({ total: 1, items: [{ id: kovalenko.id, number: kovalenko.number }] });
  });

  it('when a phone is typed in any Ukrainian spelling, then the citizen’s requests are found', async () => {
    expect(ids(await search('q=0673112233'))).toEqual([kovalenko.id]);
    expect(ids(await search(`phone=${encodeURIComponent('+38 (067) 311-22-33')}`))).toEqual([kovalenko.id]);
    expect((await t.fetch('/api/requests?phone=12', { cookie: agent.cookie })).status).toBe(400);
  });

  it('when a surname or a street is misspelt, then trigram search still finds it', async () => {
    expect(ids(await search(`q=${encodeURIComponent('Каваленко')}`))).toEqual([kovalenko.id]);
    expect(ids(await search(`q=${encodeURIComponent('Шевченко')}`))).toEqual([kovalenko.id]);
    expect(ids(await search(`q=${encodeURIComponent('Грищенко')}`))).toEqual([hrytsenko.id]);
    expect(ids(await search(`q=${encodeURIComponent('Кахoвська')}`))).toEqual([anonymous.id]);
    // One wrong letter in a five-letter surname leaves only a third of its trigrams.
    const holub = await create({ fullName: 'Голуб Іван', phone: '0957770011' }, { topicCode: 'TC.03', description: 'Пільговий проїзд' });
    expect(ids(await search(`q=${encodeURIComponent('Галуб')}`))).toEqual([holub.id]);
  });

  it('when a name is typed in part or with the first name, then the search narrows as one types', async () => {
    expect(ids(await search(`q=${encodeURIComponent('Ковал')}`))).toEqual([kovalenko.id]);
    expect(ids(await search(`q=${encodeURIComponent('Каваленко Олена')}`))).toEqual([kovalenko.id]);
    expect(ids(await search(`q=${encodeURIComponent('Каваленко Василь')}`))).toEqual([]);
  });

  it("when a citizen's name is corrected later, then their earlier requests are found by the new name", async () => {
    const r = await create({ fullName: 'Остапчук Ярема', phone: '0661239876' }, { description: 'Не світить ліхтар', topicCode: 'TC.01' });
    await create({ fullName: 'Гнатюк Ярема', phone: '0661239876' }, { description: 'Інше питання', topicCode: 'TC.02' });
    const found = ids(await search(`q=${encodeURIComponent('Гнатюк Ярема')}`));
    expect(found).toContain(r.id);
    expect(ids(await search(`q=${encodeURIComponent('Остапчук')}`))).toEqual([]);
  });

  it("when an executor searches by a confidential applicant's name or phone, then nothing is found", async () => {
    const secret = await create({ fullName: 'Засекречений Остап', phone: '0991230000', confidential: true }, { topicCode: 'HS.01', description: 'Немає води у квартирі' });
    const water = await t.login({ role: 'executor', executor: 'WATER' });
    const asExecutor = async (query: string) => json(await t.fetch(`/api/requests?${query}`, { cookie: water.cookie }));
    expect(ids(await asExecutor(`q=${encodeURIComponent('Засекречений')}`))).toEqual([]);
    expect(ids(await asExecutor('q=0991230000'))).toEqual([]);
    expect(ids(await asExecutor('phone=0991230000'))).toEqual([]);
    expect(ids(await asExecutor(`q=${encodeURIComponent('квартирі')}`))).toEqual([secret.id]);
    expect(ids(await search(`q=${encodeURIComponent('Засекречений')}`))).toEqual([secret.id]);
  });

  it('when words of the description are typed, then full-text search finds the request', async () => {
    expect(ids(await search(`q=${encodeURIComponent('освітлення')}`))).toEqual([kovalenko.id]);
    expect(ids(await search(`q=${encodeURIComponent('яма дорога')}`))).toEqual([hrytsenko.id]);
    expect((await search(`q=${encodeURIComponent("'; DROP TABLE requests; --")}`)).total).toBe(0);
  });

  it('when filters are combined, then only matching requests come, with the total and pages', async () => {
    expect(ids(await search('source=web&district=TER&topic=LS.01'))).toEqual([hrytsenko.id]);
    expect(ids(await search('topic=LS&sort=received_asc'))).toEqual([kovalenko.id, hrytsenko.id, anonymous.id]);
    const page2 = await search('topic=LS&sort=received_asc&pageSize=2&page=2');
    expect(page2).toMatchObject({ total: 3, totalCapped: false, items: [{ id: anonymous.id }] });
    const today = new Date().toISOString().slice(0, 10);
    expect((await search(`from=${today}&to=${today}&topic=LS`)).total).toBe(3);
    expect((await search('from=2020-01-01&to=2020-12-31')).total).toBe(0);
    expect((await t.fetch('/api/requests?status=flying', { cookie: agent.cookie })).status).toBe(400);
    expect((await t.fetch('/api/requests?from=yesterday', { cookie: agent.cookie })).status).toBe(400);
  });

  it('when staff look a citizen up by phone, then the card comes back and the read is in the audit log', async () => {
    const found = await json(await t.fetch('/api/citizens?phone=067%20311%2022%2033', { cookie: agent.cookie }));
    expect(found.items).toEqual([expect.objectContaining({ id: kovalenko.citizen.id, fullName: 'Коваленко Олена Петрівна', phones: ['+380673112233'] })]);
    const log = await json(await t.fetch(`/api/audit?entity=citizen&entityId=${kovalenko.citizen.id}&userId=${agent.user.id}`, { cookie: admin.cookie }));
    expect(log.items[0]).toMatchObject({ action: 'read', entity: 'citizen' });
    expect((await json(await t.fetch('/api/citizens?phone=0500000000', { cookie: agent.cookie }))).items).toEqual([]);
    expect((await t.fetch('/api/citizens?phone=nope', { cookie: agent.cookie })).status).toBe(400);
    expect((await t.fetch('/api/citizens?phone=0673112233')).status).toBe(401);
  });

  it('when a request is read, registered or changed, then the audit log has who and what', async () => {
    await t.fetch(`/api/requests/${hrytsenko.id}`, { cookie: agent.cookie });
    await t.fetch(`/api/requests/${hrytsenko.id}/transitions`, { method: 'POST', cookie: agent.cookie, json: { action: 'comment', text: 'Передзвонив' } });
    const log = await json(await t.fetch(`/api/audit?entity=request&entityId=${hrytsenko.id}`, { cookie: admin.cookie }));
    expect(log.items.map((e: any) => e.action).sort()).toEqual(['create', 'read', 'update']);
    expect(log.items.every((e: any) => e.userId === agent.user.id)).toBe(true);
    const citizenLog = await json(await t.fetch(`/api/audit?entity=citizen&entityId=${hrytsenko.citizen.id}`, { cookie: admin.cookie }));
    expect(citizenLog.items).toContainEqual(expect.objectContaining({ action: 'create', detail: { via: 'request', requestId: hrytsenko.id } }));
    const searches = await json(await t.fetch('/api/audit?entity=request', { cookie: admin.cookie }));
    expect(searches.items.some((e: any) => e.action === 'search' && e.detail.mode === 'text')).toBe(true);
  });

  it('when the list is asked without a session or by an official, then 401 / 403', async () => {
    expect((await t.fetch('/api/requests')).status).toBe(401);
    const official = await t.login({ role: 'official' });
    expect((await t.fetch('/api/requests', { cookie: official.cookie })).status).toBe(403);
    expect((await t.fetch(`/api/requests/${kovalenko.id}`, { cookie: official.cookie })).status).toBe(403);
    expect((await t.fetch('/api/citizens?phone=0673112233', { cookie: official.cookie })).status).toBe(403);
  });
});
