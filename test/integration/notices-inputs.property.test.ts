import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';
import { fingerprint, hostileId, hostileString, hostileValue, mutated, stillClocks, urlPart } from './http-fuzz';

/**
 * Issue 26's inputs under the fuzzing of issue 9: the consents, the notices list and the status page (JSON and
 * forms). Never a 500 or a stack trace; JSON errors in the one shape; a refused consent or verdict writes
 * nothing (a refused lookup writes its attempt: that is the rate limit).
 */
describe('notices and status page inputs under property-based fuzzing', async () => {
  const t = await startTestApp({ ...stillClocks, status: { limits: { perAddress: 1_000_000, perNumber: 1_000_000 } } });
  const agent = await t.login({ role: 'agent' });
  const water = await t.login({ role: 'executor', executor: 'WATER' });
  const created = await body(await t.fetch('/api/requests', {
    method: 'POST', cookie: agent.cookie,
    json: { citizen: { fullName: 'Мельник Андрій', phone: '067 555 0101' }, topicCode: 'HS.11', description: 'Немає води', source: 'call' },
  }));
  const citizenId: number = created.citizen.id;
  const proof = { number: created.number, phone4: '0101' };

  async function holds(method: string, path: string, init: { cookie?: string; json?: unknown; form?: string }, refusalMayWrite: boolean): Promise<void> {
    const before = await fingerprint(t.db.dataSource);
    const res = await t.fetch(path, {
      method, cookie: init.cookie, json: init.json,
      ...(init.form !== undefined ? { body: init.form, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    });
    const text = await res.text();
    const where = `${method} ${path} ${JSON.stringify(init.json ?? init.form) ?? ''} → ${res.status} ${text.slice(0, 300)}`;
    expect(res.status, where).toBeLessThan(500);
    expect(text, where).not.toMatch(/\bat .*\.(ts|js):\d+/);
    if (res.status >= 400 && path.startsWith('/api')) expect(JSON.parse(text).error, where).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    if (res.status >= 400 && !refusalMayWrite) expect(await fingerprint(t.db.dataSource), where).toBe(before);
  }

  it('when consents and notices are asked or set with anything, then no 500 and refusals write nothing', async () => {
    const id = fc.oneof({ weight: 2, arbitrary: fc.constant(citizenId) }, { weight: 1, arbitrary: hostileId });
    const change = fc.oneof(mutated({ channel: 'email', consented: true, address: 'a@example.test' }), mutated({ channel: 'sms', consented: false, address: '0671234567' }),
      mutated({ channel: 'telegram', consented: false }), hostileValue);
    await fc.assert(fc.asyncProperty(id, change, fc.constantFrom(agent.cookie, water.cookie), (i, json, cookie) => holds('PUT', `/api/citizens/${urlPart(i)}/consents`, { cookie, json }, false)), { numRuns: 40 });
    await fc.assert(fc.asyncProperty(id, (i) => holds('GET', `/api/citizens/${urlPart(i)}/consents`, { cookie: agent.cookie }, true)), { numRuns: 10 });
    await fc.assert(fc.asyncProperty(fc.oneof(fc.constant(created.id), hostileId), (i) => holds('GET', `/api/requests/${urlPart(i)}/notifications`, { cookie: agent.cookie }, false)), { numRuns: 15 });
  });

  it('when the status page gets anything, as JSON or as a form, then no 500 and a refused verdict or consent writes nothing but its attempt', async () => {
    const verdict = fc.oneof(mutated({ ...proof, verdict: 'confirm', satisfaction: 5 }), mutated({ ...proof, verdict: 'not_fixed', comment: 'Ні' }), hostileValue);
    const consent = fc.oneof(mutated({ ...proof, channel: 'email', consented: true, email: 'a@example.test' }), mutated({ ...proof, channel: 'sms', consented: true }), hostileValue);
    // The request is not done: every verdict is refused (400 or 409), and its lookups are counted as attempts.
    await fc.assert(fc.asyncProperty(verdict, (json) => holds('POST', '/api/status/verdict', { json }, true)), { numRuns: 30 });
    await fc.assert(fc.asyncProperty(fc.oneof(mutated(proof), hostileValue), (json) => holds('POST', '/api/status/lookup', { json }, true)), { numRuns: 20 });
    await fc.assert(fc.asyncProperty(consent, (json) => holds('POST', '/api/status/consent', { json }, true)), { numRuns: 20 });
    const form = fc.dictionary(fc.constantFrom('number', 'phone4', 'verdict', 'satisfaction', 'comment', 'channel', 'consented', 'email', 'lang'), hostileString, { maxKeys: 6 })
      .map((d) => new URLSearchParams(Object.entries(d).map(([k, v]) => [k, v.replace(/[\ud800-\udfff]/g, '?')])).toString());
    await fc.assert(fc.asyncProperty(fc.constantFrom('/status', '/status/verdict', '/status/consent'), form, (path, f) => holds('POST', path, { form: f }, true)), { numRuns: 30 });
    const [row] = await t.db.dataSource.query('SELECT status, rework_count AS "reworkCount" FROM requests WHERE id = $1', [created.id]);
    expect(row).toEqual({ status: 'assigned', reworkCount: 0 });
  });
});
