import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';
import { connectConsole } from './calls-harness';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Issue 25, item 4: information notices (item 4.6 of the city's decision). */
describe('information notices', async () => {
  const t = await startTestApp();
  const supervisor = await t.login({ role: 'supervisor' });
  const agent = await t.login({ role: 'agent', fullName: 'Оператор Перший' });
  const other = await t.login({ role: 'agent', fullName: 'Оператор Другий' });
  const water = await t.login({ role: 'executor', executor: 'WATER' });
  const [topic] = await t.db.dataSource.query(`SELECT code FROM topics WHERE parent_code IS NOT NULL ORDER BY code LIMIT 1`);
  const [otherTopic] = await t.db.dataSource.query(`SELECT code FROM topics WHERE parent_code IS NOT NULL ORDER BY code DESC LIMIT 1`);
  const [home, away] = await t.db.dataSource.query(`SELECT code FROM districts ORDER BY code LIMIT 2`);

  const publish = (json: unknown, cookie = supervisor.cookie) => t.fetch('/api/notices', { method: 'POST', cookie, json });

  it('when a supervisor publishes a notice, then agents hear of it live, see it among the active ones and acknowledge it, and the supervisor sees who has not', async () => {
    const live = connectConsole(t.baseUrl, agent.cookie);
    await new Promise<void>((resolve) => live.socket.on('connect', () => resolve()));
    const res = await publish({ title: 'Зміни в оплаті субсидій', body: 'З 1 грудня субсидії нараховують…', kind: 'legislation', validUntil: inDays(7) });
    expect(res.status).toBe(201);
    const notice = await body(res);
    expect(notice).toMatchObject({ kind: 'legislation', title: 'Зміни в оплаті субсидій', topicCodes: [], districtCodes: [], acknowledged: false });
    expect(await live.next('notice:published')).toEqual({ id: notice.id, kind: 'legislation', title: 'Зміни в оплаті субсидій', validUntil: notice.validUntil });
    live.close();

    const list = await body(await t.fetch('/api/notices?active=true', { cookie: agent.cookie }));
    expect(list.items.map((n: { id: number }) => n.id)).toContain(notice.id);
    expect((await t.fetch(`/api/notices/${notice.id}/ack`, { method: 'POST', cookie: agent.cookie })).status).toBe(204);
    expect((await t.fetch(`/api/notices/${notice.id}/ack`, { method: 'POST', cookie: agent.cookie })).status).toBe(204);
    const mine = await body(await t.fetch(`/api/notices/${notice.id}`, { cookie: agent.cookie }));
    expect(mine).toMatchObject({ acknowledged: true, readers: 2, acks: 1 });

    const readers = await body(await t.fetch(`/api/notices/${notice.id}/readers`, { cookie: supervisor.cookie }));
    expect(readers.items).toEqual([
      expect.objectContaining({ userId: other.user.id, fullName: 'Оператор Другий', ackedAt: null }),
      expect.objectContaining({ userId: agent.user.id, ackedAt: expect.any(String) }),
    ]);
    expect((await t.fetch(`/api/notices/${notice.id}/readers`, { cookie: agent.cookie })).status).toBe(403);
  });

  it('when a notice has expired or starts later, then it is not among the active ones', async () => {
    const later = await body(await publish({ title: 'Графік на свята', body: 'Текст', validFrom: inDays(2), validUntil: inDays(5) }));
    const [{ id: expired }] = await t.db.dataSource.query(
      `INSERT INTO notices (title, body, valid_from, valid_until) VALUES ('Старе', 'Текст', now() - interval '3 days', now() - interval '1 day') RETURNING id`);
    const active = (await body(await t.fetch('/api/notices?active=true', { cookie: agent.cookie }))).items.map((n: { id: number }) => n.id);
    expect(active).not.toContain(later.id);
    expect(active).not.toContain(expired);
    const all = (await body(await t.fetch('/api/notices?active=false', { cookie: supervisor.cookie }))).items.map((n: { id: number }) => n.id);
    expect(all).toEqual(expect.arrayContaining([later.id, expired]));
  });

  it('when an agent or an executor tries to publish, then it is refused, and an executor may not read notices either', async () => {
    const json = { title: 'Ні', body: 'Ні', validUntil: inDays(1) };
    expect((await publish(json, agent.cookie)).status).toBe(403);
    expect((await publish(json, water.cookie)).status).toBe(403);
    expect((await t.fetch('/api/notices', { cookie: water.cookie })).status).toBe(403);
  });

  it('when a notice is malformed, then the answer names each field and nothing is stored', async () => {
    const before = (await t.db.dataSource.query('SELECT count(*)::int AS n FROM notices'))[0].n;
    const cases: [unknown, string, string][] = [
      [{ body: 'Текст', validUntil: inDays(1) }, 'title', 'required'],
      [{ title: 'Т', body: 'Текст' }, 'validUntil', 'required'],
      [{ title: 'Т', body: 'Текст', validUntil: inDays(1), validFrom: inDays(2) }, 'validFrom', 'after_end'],
      [{ title: 'Т', body: 'Текст', validUntil: inDays(-1) }, 'validUntil', 'in_future'],
      [{ title: 'Т', body: 'Текст', validUntil: inDays(1), districtCodes: ['NOPE'] }, 'districtCodes.0', 'invalid'],
      [{ title: 'Т', body: 'Текст', validUntil: inDays(1), topicCodes: [topic.code, 'ZZ.99'] }, 'topicCodes.1', 'invalid'],
      [{ title: 'Т', body: 'Текст', validUntil: inDays(1), kind: 'gossip' }, 'kind', 'not_one_of'],
    ];
    for (const [json, field, code] of cases) {
      const res = await publish(json);
      expect(res.status, field).toBe(400);
      const error = (await body(res)).error;
      expect(error.code).toBe('invalid_input');
      expect(Object.keys(error.fields)).toContain(field);
      expect(error.reasons?.[field]?.code ?? 'invalid', field).toBe(code);
    }
    expect((await t.db.dataSource.query('SELECT count(*)::int AS n FROM notices'))[0].n).toBe(before);
    expect((await t.fetch('/api/notices/999999/ack', { method: 'POST', cookie: agent.cookie })).status).toBe(404);
  });

  it("when a caller's card is read, then it shows the notices of their district and of their open requests' topics, never another district's", async () => {
    const ds = t.db.dataSource;
    const [citizen] = await ds.query(`INSERT INTO citizens (full_name, district_code) VALUES ('Коваль Ірина', $1) RETURNING id`, [home.code]);
    await ds.query(
      `INSERT INTO requests (number, received_at, source, topic_code, citizen_id, description, status, due_at)
       VALUES ('N-1', now(), 'call', $1, $2, 'Опис', 'registered', now() + interval '10 days')`, [topic.code, citizen.id]);
    const ours = await body(await publish({ title: 'Аварія в нашому районі', body: 'Т', validUntil: inDays(1), districtCodes: [home.code] }));
    const theirs = await body(await publish({ title: 'Аварія в іншому районі', body: 'Т', validUntil: inDays(1), districtCodes: [away.code] }));
    const byTopic = await body(await publish({ title: 'Про тему заявки', body: 'Т', validUntil: inDays(1), topicCodes: [topic.code] }));
    const otherTopicNotice = await body(await publish({ title: 'Інша тема', body: 'Т', validUntil: inDays(1), topicCodes: [otherTopic.code] }));
    const untagged = await body(await publish({ title: 'Для всіх', body: 'Т', validUntil: inDays(1) }));

    const card = await body(await t.fetch(`/api/citizens/${citizen.id}/card`, { cookie: agent.cookie }));
    const ids = card.notices.map((n: { id: number }) => n.id);
    expect(ids).toEqual([byTopic.id, ours.id]);
    expect(card.notices[1]).toEqual({ id: ours.id, title: 'Аварія в нашому районі' });
    for (const absent of [theirs.id, otherTopicNotice.id, untagged.id]) expect(ids).not.toContain(absent);
  });
});
