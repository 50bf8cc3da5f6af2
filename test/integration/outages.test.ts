import { beforeAll, describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';

let t: TestApp;
let supervisor: { cookie: string };
let agent: { cookie: string };
let admin: { cookie: string };
let water: { cookie: string };
let waterId: number;
let heatId: number;

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** A citizen living at `address` (and `district`), with the card the agents read. */
async function citizenAt(address: string, district: string | null = null): Promise<number> {
  const [c] = await t.db.dataSource.query('INSERT INTO citizens (full_name, address, district_code) VALUES ($1, $2, $3) RETURNING id', ['Мешканець', address, district]);
  return c.id;
}
async function card(citizenId: number) {
  const res = await t.fetch(`/api/citizens/${citizenId}/card`, { cookie: agent.cookie });
  expect(res.status).toBe(200);
  return body(res);
}
async function register(json: object, cookie = supervisor.cookie) {
  return t.fetch('/api/outages', { method: 'POST', cookie, json: { kind: 'water', text: 'Аварія на водогоні, ремонтна бригада на місці.', startsAt: ago(HOUR), ...json } });
}

beforeAll(async () => {
  t = await startTestApp();
  supervisor = await t.login({ role: 'supervisor' });
  agent = await t.login({ role: 'agent' });
  admin = await t.login({ role: 'admin' });
  [{ id: waterId }, { id: heatId }] = await t.db.dataSource.query(`SELECT id FROM executors WHERE code IN ('WATER', 'HEAT') ORDER BY code DESC`);
  water = await t.login({ role: 'executor', executor: 'WATER' });
  await t.outages.ready;
});

describe('outages: registering them', () => {
  it('when a building range is malformed, then the answer is 400 naming it and nothing is written', async () => {
    const res = await register({ addresses: [{ street: 'вул. Лермонтова', buildings: '1-25' }, { street: 'вул. Шевченка', buildings: '1-25 od' }] });
    expect(res.status).toBe(400);
    const { error } = await body(res);
    expect(error.code).toBe('invalid_input');
    expect(error.fields['addresses.1.buildings']).toMatch(/not a building range: "1-25 od"/);
    expect(error.reasons['addresses.1.buildings']).toEqual({ code: 'building_range' });
    expect(await t.db.dataSource.query('SELECT id FROM outages')).toEqual([]);
  });

  it('when an executor registers an outage for another organisation, then 403; for their own, 201 with it', async () => {
    const other = await register({ addresses: [{ street: 'вул. Лермонтова' }], executorId: heatId }, water.cookie);
    expect(other.status).toBe(403);
    const own = await register({ addresses: [{ street: 'вул. Поштова' }] }, water.cookie);
    expect(own.status).toBe(201);
    const created = await body(own);
    expect(created.executorId).toBe(waterId);
    const closed = await t.fetch(`/api/outages/${created.id}/close`, { method: 'POST', cookie: water.cookie });
    expect(closed.status).toBe(200);
  });

  it('when an executor lists outages, then they see only their organisation\'s', async () => {
    const theirs = await body(await register({ addresses: [{ street: 'вул. Водна' }], executorId: heatId }));
    const list = await body(await t.fetch('/api/outages', { cookie: water.cookie }));
    expect(list.items.map((o: { executorId: number }) => o.executorId).every((id: number) => id === waterId)).toBe(true);
    expect((await t.fetch(`/api/outages/${theirs.id}`, { cookie: water.cookie })).status).toBe(404);
    await t.fetch(`/api/outages/${theirs.id}/close`, { method: 'POST', cookie: supervisor.cookie });
  });
});

describe('outages: the caller card', () => {
  it('when two outages overlap at the caller\'s house, then the card shows both, the most recent first', async () => {
    const home = await citizenAt('вул. Лермонтова, 7, кв. 12');
    const older = await body(await register({ addresses: [{ street: 'вулиця Лермонтова', buildings: '1-25 odd' }], startsAt: ago(5 * HOUR) }));
    const newer = await body(await register({ kind: 'electricity', planned: true, addresses: [{ street: 'Лермонтова', buildings: '2-30 even, 7' }], startsAt: ago(HOUR), expectedEndAt: new Date(Date.now() + HOUR).toISOString(), text: 'Планові роботи на підстанції.' }));
    const elsewhere = await body(await register({ addresses: [{ street: 'вул. Лермонтова', buildings: '2-30 even' }] }));
    const { outages } = await card(home);
    expect(outages.map((o: { id: number }) => o.id)).toEqual([newer.id, older.id]);
    expect(outages[0]).toEqual({ id: newer.id, kind: 'electricity', planned: true, startsAt: newer.startsAt, expectedEndAt: newer.expectedEndAt, text: 'Планові роботи на підстанції.', incidentId: null });
    for (const o of [older, newer, elsewhere]) await t.fetch(`/api/outages/${o.id}/close`, { method: 'POST', cookie: supervisor.cookie });
    expect((await card(home)).outages).toEqual([]);
  });

  it('when the caller\'s address cannot be read, then no outage is shown (never a wrong one)', async () => {
    const o = await body(await register({ addresses: [{ street: 'вул. Каштанова' }] }));
    for (const address of ['Каштанова', 'десь біля ринку', 'вул. Каштанова без номера']) {
      expect((await card(await citizenAt(address))).outages).toEqual([]);
    }
    expect((await card(await citizenAt('вул. Каштанова 3'))).outages.map((x: { id: number }) => x.id)).toEqual([o.id]);
    await t.fetch(`/api/outages/${o.id}/close`, { method: 'POST', cookie: supervisor.cookie });
  });

  it('when a street was renamed, then an outage under either name matches an address under either name', async () => {
    const add = await t.fetch('/api/street-renames', { method: 'POST', cookie: admin.cookie, json: { oldName: 'вул. Плеханова', newName: 'вул. Героїв АТО' } });
    expect(add.status).toBe(201);
    const oldHome = await citizenAt('вул. Плеханова, 10');
    const newHome = await citizenAt('вулиця Героїв АТО 12');
    const underNew = await body(await register({ addresses: [{ street: 'вул. Героїв АТО', buildings: '1-20' }] }));
    const underOld = await body(await register({ kind: 'heating', addresses: [{ street: 'вул. Плеханова', buildings: '10-12' }] }));
    expect((await card(oldHome)).outages.map((o: { id: number }) => o.id).sort()).toEqual([underNew.id, underOld.id].sort());
    expect((await card(newHome)).outages.map((o: { id: number }) => o.id).sort()).toEqual([underNew.id, underOld.id].sort());
    const { id } = await body(add);
    expect((await t.fetch(`/api/street-renames/${id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(204);
    expect((await card(oldHome)).outages.map((o: { id: number }) => o.id)).toEqual([underOld.id]);
    for (const o of [underNew, underOld]) await t.fetch(`/api/outages/${o.id}/close`, { method: 'POST', cookie: supervisor.cookie });
  });

  it('when an outage covers a whole district, then callers of that district see it and others do not', async () => {
    const o = await body(await register({ kind: 'heating', districtCode: 'TER', addresses: [] }));
    expect((await card(await citizenAt('вул. Будь-яка, 1', 'TER'))).outages.map((x: { id: number }) => x.id)).toEqual([o.id]);
    expect((await card(await citizenAt('вул. Будь-яка, 1', 'MET'))).outages).toEqual([]);
    await t.fetch(`/api/outages/${o.id}/close`, { method: 'POST', cookie: supervisor.cookie });
  });

  it('when the request form asks about an address and a topic, then only outages of that topic group answer', async () => {
    const o = await body(await register({ addresses: [{ street: 'просп. Металургів', buildings: '1-9' }] }));
    const match = (topic: string) => t.fetch(`/api/outages/match?${new URLSearchParams({ address: 'проспект Металургів 5', topic })}`, { cookie: agent.cookie }).then(body);
    expect((await match('HS.11')).items.map((x: { id: number }) => x.id)).toEqual([o.id]);
    expect((await match('HS.03')).items).toEqual([]);
    await t.fetch(`/api/outages/${o.id}/close`, { method: 'POST', cookie: supervisor.cookie });
  });
});

describe('outages: changing and closing', () => {
  it('when an outage is updated, then the card reads the new text; once closed, a second close is 409 and it is gone from the active list', async () => {
    const home = await citizenAt('вул. Зарічна, 4');
    const o = await body(await register({ addresses: [{ street: 'вул. Зарічна' }] }));
    const patched = await t.fetch(`/api/outages/${o.id}`, { method: 'PATCH', cookie: supervisor.cookie, json: { text: 'Воду дадуть до 18:00.' } });
    expect(patched.status).toBe(200);
    expect((await card(home)).outages[0].text).toBe('Воду дадуть до 18:00.');
    expect((await t.fetch(`/api/outages/${o.id}`, { method: 'PATCH', cookie: supervisor.cookie, json: { expectedEndAt: ago(2 * HOUR) } })).status).toBe(400);
    await t.fetch(`/api/outages/${o.id}/close`, { method: 'POST', cookie: supervisor.cookie });
    const again = await t.fetch(`/api/outages/${o.id}/close`, { method: 'POST', cookie: supervisor.cookie });
    expect(again.status).toBe(409);
    expect((await body(again)).error.code).toBe('outage_closed');
    const active = await body(await t.fetch('/api/outages?active=true', { cookie: agent.cookie }));
    expect(active.items.map((x: { id: number }) => x.id)).not.toContain(o.id);
  });

  it('when an agent tries to register an outage, then 403', async () => {
    expect((await register({ addresses: [{ street: 'вул. Зарічна' }] }, agent.cookie)).status).toBe(403);
  });
});
