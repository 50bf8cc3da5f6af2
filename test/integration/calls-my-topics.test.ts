import { beforeAll, describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';

let t: TestApp;
let agent: { cookie: string; user: { id: number } };
let other: { cookie: string; user: { id: number } };
let topics: string[];
let calls = 0;

/** A call of `userId` that ended, wrapped up through the API as a consultation on `topicCode`. */
async function wrappedUp(user: { cookie: string; user: { id: number } }, topicCode: string): Promise<string> {
  const id = `topics-${++calls}`;
  await t.db.dataSource.query(
    `INSERT INTO calls (id, caller_number, queue, direction, agent_user_id, queued_at, answered_at, ended_at, outcome)
     VALUES ($1, '+380671110000', 'support', 'in', $2, now() - interval '5 minutes', now() - interval '4 minutes', now() - interval '1 minute', 'answered')`,
    [id, user.user.id],
  );
  const res = await t.fetch(`/api/calls/${id}/wrap-up`, { method: 'POST', cookie: user.cookie, json: { kind: 'consultation', topicCode } });
  expect(res.status).toBe(200);
  return id;
}

/** A request the agent types in with no call (a letter). */
async function registered(topicCode: string): Promise<number> {
  const n = ++calls;
  const res = await t.fetch('/api/requests', {
    method: 'POST', cookie: agent.cookie,
    json: {
      citizen: { fullName: 'Мельник Андрій', phone: `067 555 ${String(1000 + n).slice(-4)}`, address: 'вул. Шевченка, 3, кв. 1', district: 'SAK' },
      topicCode, description: 'Немає холодної води', address: 'вул. Шевченка, 3', district: 'SAK', source: 'call',
      kind: 'application', subject: 'individual', addressee: 'city_leadership', needsStudy: true, externalNumber: `УКЦ-77${1000 + n}`,
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await body(res)).id;
}

const mine = async (cookie: string) => (await body(await t.fetch('/api/calls/my-topics', { cookie }))).items as { code: string; uses: number }[];

beforeAll(async () => {
  t = await startTestApp();
  agent = await t.login({ role: 'agent', interface: 'PJSIP/1001' });
  other = await t.login({ role: 'agent', interface: 'PJSIP/1002' });
  topics = (await t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL AND active ORDER BY code LIMIT 11')).map((r: { code: string }) => r.code);
});

describe('the agent\'s most used topics (issue 23, item 5: wrap-up on keys 1–9)', () => {
  it('when an agent wraps up calls and types in letters, then their topics of the last 30 days come most used first, nine at most, nobody else\'s counted', async () => {
    const [a, b, c, old] = topics;
    for (let i = 0; i < 3; i++) await wrappedUp(agent, a);
    await wrappedUp(agent, b);
    for (let i = 0; i < 3; i++) await registered(b);
    await wrappedUp(agent, c);
    // A colleague's habits are not mine, and last season's wrap-ups are forgotten.
    for (let i = 0; i < 5; i++) await wrappedUp(other, old);
    const stale = await wrappedUp(agent, old);
    await t.db.dataSource.query(`UPDATE calls SET wrapped_up_at = now() - interval '31 days' WHERE id = $1`, [stale]);

    expect(await mine(agent.cookie)).toEqual([{ code: b, uses: 4 }, { code: a, uses: 3 }, { code: c, uses: 1 }]);
    expect(await mine(other.cookie)).toEqual([{ code: old, uses: 5 }]);

    // A request registered on a call counts once: through the call's wrap-up.
    const onCall = await wrappedUp(agent, c);
    const request = await registered(c);
    await t.db.dataSource.query('INSERT INTO call_requests (call_id, request_id) VALUES ($1, $2)', [onCall, request]);
    expect((await mine(agent.cookie)).find((x) => x.code === c)).toEqual({ code: c, uses: 2 });

    for (const code of topics.slice(4)) await wrappedUp(agent, code);
    const nine = await mine(agent.cookie);
    expect(nine).toHaveLength(9);
    expect(nine.slice(0, 3).map((x) => x.code)).toEqual([b, a, c]);
  });

  it('when anyone else asks, or asks with parameters, then the refusal is in the error shape', async () => {
    const executor = await t.login({ role: 'executor', executor: 'WATER' });
    const refused = await t.fetch('/api/calls/my-topics', { cookie: executor.cookie });
    expect([refused.status, (await body(refused)).error.code]).toEqual([403, 'forbidden']);
    expect((await t.fetch('/api/calls/my-topics')).status).toBe(401);
    const misspelt = await t.fetch('/api/calls/my-topics?days=90', { cookie: agent.cookie });
    expect([misspelt.status, (await body(misspelt)).error.code]).toEqual([400, 'invalid_input']);
  });
});
