import { io } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';
import { eventually } from './calls-harness';

let t: TestApp;
let clock = new Date();
let supervisor: { cookie: string };
let seq = 0;

/** Calls of the call log, classified with `topic`, from citizens at `addresses`, at the given times. */
async function callsFrom(addresses: string[], topic: string, at: (i: number) => Date): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, address] of addresses.entries()) {
    const [c] = await t.db.dataSource.query('INSERT INTO citizens (full_name, address) VALUES ($1, $2) RETURNING id', [`Мешканець ${++seq}`, address]);
    const id = `spike-${seq}`;
    await t.db.dataSource.query(
      `INSERT INTO calls (id, caller_number, citizen_id, queue, queued_at, answered_at, ended_at, outcome, wrap_up_kind, wrap_up_topic_code, wrapped_up_at)
       VALUES ($1, $2, $3, 'hotline', $4, $4, $4, 'answered', 'consultation', $5, $4)`,
      [id, `+38067${String(seq).padStart(7, '0')}`, c.id, at(i), topic],
    );
    ids.push(id);
  }
  return ids;
}
const minutesBefore = (base: Date, m: number) => new Date(base.getTime() - m * 60_000);

beforeAll(async () => {
  t = await startTestApp({ outagesNow: () => clock });
  supervisor = await t.login({ role: 'supervisor' });
});

describe('the spike detector', () => {
  it('when 5 calls about water come from one street within 15 minutes, then the supervisors are told of one possible outage', async () => {
    const sock = io(t.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: supervisor.cookie }, reconnection: false, forceNew: true });
    const heard: unknown[] = [];
    sock.on('outage:suspected', (s) => heard.push(s));
    await new Promise<void>((resolve) => sock.on('connect', () => resolve()));
    clock = new Date();
    const ids = await callsFrom(['вул. Лермонтова, 1', 'вулиця Лермонтова 3, кв. 5', 'Лермонтова 25', 'вул. Лермонтова, 7', 'вул Лермонтова 11'], 'HS.01', (i) => minutesBefore(clock, 12 - i * 2));
    // Calls about something else, or from elsewhere, do not count.
    await callsFrom(['вул. Лермонтова, 9', 'вул. Лермонтова, 9'], 'HS.03', () => minutesBefore(clock, 3));
    await callsFrom(['вул. Шевченка, 1', 'вул. Шевченка, 2'], 'HS.11', () => minutesBefore(clock, 3));
    await t.outages.detector.scan();
    const { items } = await body(await t.fetch('/api/outages/suspected', { cookie: supervisor.cookie }));
    expect(items).toEqual([expect.objectContaining({ street: 'вул. Лермонтова', buildings: '1-25', topicGroup: 'water', calls: 5, callIds: [...ids].sort() })]);
    const told = await eventually(async () => heard[0], 'outage:suspected');
    expect(told).toMatchObject({ id: items[0].id, calls: 5, since: minutesBefore(clock, 12).toISOString() });
    sock.close();
  });

  it('when only 4 calls came, or the fifth came 16 minutes before, then nothing is suspected', async () => {
    clock = new Date(Date.now() + 3 * 3_600_000);
    await callsFrom(['вул. Садова, 1', 'вул. Садова, 2', 'вул. Садова, 3', 'вул. Садова, 4'], 'HS.04', (i) => minutesBefore(clock, i + 1));
    await callsFrom(['вул. Садова, 5'], 'HS.04', () => minutesBefore(clock, 16));
    await t.outages.detector.scan();
    const { items } = await body(await t.fetch('/api/outages/suspected', { cookie: supervisor.cookie }));
    expect(items.filter((s: { street: string }) => s.street.includes('Садова'))).toEqual([]);
  });

  it('when the burst crosses midnight (Kyiv), then its calls of both days count together', async () => {
    clock = new Date('2026-12-08T22:05:00Z'); // 00:05 in Kyiv (UTC+2): the calls began at 23:53 the day before
    await callsFrom(['вул. Нічна, 2', 'вул. Нічна, 4', 'вул. Нічна, 6', 'вул. Нічна, 8', 'вул. Нічна, 10'], 'HS.03', (i) => minutesBefore(clock, 12 - i * 3));
    await t.outages.detector.scan();
    const { items } = await body(await t.fetch('/api/outages/suspected', { cookie: supervisor.cookie }));
    expect(items.find((s: { street: string }) => s.street === 'вул. Нічна')).toMatchObject({ topicGroup: 'heating', calls: 5, buildings: '2-10' });
  });

  it('when two nodes scan the same burst at once, then there is one suspicion', async () => {
    const other = await startTestApp({ outagesNow: () => clock }, { db: t.db });
    clock = new Date(Date.now() + 6 * 3_600_000);
    await callsFrom(['просп. Миру, 1', 'просп. Миру, 3', 'просп. Миру, 5', 'просп. Миру, 7', 'просп. Миру, 9'], 'HS.05', (i) => minutesBefore(clock, 5 - i));
    await Promise.all([t.outages.detector.scan(), other.outages.detector.scan(), t.outages.detector.scan(), other.outages.detector.scan()]);
    await Promise.all([t.outages.detector.scan(), other.outages.detector.scan()]);
    const rows = await t.db.dataSource.query(`SELECT calls FROM outage_suspicions WHERE street = 'просп. Миру'`);
    expect(rows).toEqual([{ calls: 5 }]);
  });

  it('when the supervisor declares a suspicion, then an outage is registered from it, prefilled; a dismissed one does not come back', async () => {
    const { items } = await body(await t.fetch('/api/outages/suspected', { cookie: supervisor.cookie }));
    const water = items.find((s: { street: string }) => s.street === 'вул. Лермонтова');
    const declared = await t.fetch(`/api/outages/suspected/${water.id}/declare`, { method: 'POST', cookie: supervisor.cookie, json: {} });
    expect(declared.status).toBe(201);
    expect(await body(declared)).toMatchObject({ kind: 'water', planned: false, addresses: [{ street: 'вул. Лермонтова', buildings: '1-25' }], startsAt: water.since, suspicionId: water.id });
    const twice = await t.fetch(`/api/outages/suspected/${water.id}/declare`, { method: 'POST', cookie: supervisor.cookie, json: {} });
    expect(twice.status).toBe(409);

    const gas = items.find((s: { street: string }) => s.street === 'просп. Миру');
    expect((await t.fetch(`/api/outages/suspected/${gas.id}/dismiss`, { method: 'POST', cookie: supervisor.cookie })).status).toBe(204);
    await t.outages.detector.scan();
    const after = await body(await t.fetch('/api/outages/suspected', { cookie: supervisor.cookie }));
    expect(after.items.map((s: { street: string }) => s.street)).toEqual(['вул. Нічна']);
  });

  it('when an agent asks for the suspicions, then 403', async () => {
    const agent = await t.login({ role: 'agent' });
    expect((await t.fetch('/api/outages/suspected', { cookie: agent.cookie })).status).toBe(403);
  });
});
