import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, hostileDate, hostileId, hostileString, stillClocks, urlPart } from './http-fuzz';
import { parseXml, startOpen311App } from './open311-harness';

/**
 * Every input of /open311 fuzzed against the real app and PostgreSQL (as http-inputs.property.test.ts does for
 * the console's): whatever comes in, never a 500 or a stack trace, every refusal in the standard's error list
 * (JSON or well-formed XML, as the address asked), and a refused POST writes nothing.
 */
describe('Open311 inputs under property-based fuzzing', async () => {
  // One still minute and limits out of reach: the rate windows' rows are made once, before the fuzzing.
  const t = await startOpen311App({ ...stillClocks, open311: { now: () => new Date('2026-12-07T12:00:00Z'), anonymousRatePerMinute: 1_000_000 } });
  const key = await t.key('Фаззер', 100_000);
  const valid: Record<string, string> = {
    api_key: key, service_code: 'HS.08', lat: '47.9', long: '33.4', address_string: 'вул. Героїв АТО, 20', email: 'a@example.com', phone: '067 123 4567',
    first_name: 'Ярина', last_name: 'Коваль', description: 'Ліфт стоїть', media_url: 'https://example.com/1.jpg', 'attribute[entrance]': '3', jurisdiction_id: 'kr.gov.ua',
  };
  expect((await t.post('requests.json', valid)).status).toBe(200);
  expect((await t.get('services.json')).status).toBe(200);
  const anyValue = fc.oneof(hostileString, hostileId.map(String), hostileDate);

  async function holds(res: Response, format: string, before: string, what: string): Promise<void> {
    const text = await res.text();
    const where = `${what} → ${res.status} ${text.slice(0, 300)}`;
    expect(res.status, where).toBeLessThan(500);
    expect(text, where).not.toMatch(/\bat .*\.(ts|js):\d+/);
    if (res.status < 400) return;
    if (format === 'json') {
      const errors = JSON.parse(text);
      expect(errors.length, where).toBeGreaterThan(0);
      for (const e of errors) expect(e, where).toEqual({ code: res.status, description: expect.any(String) });
    }
    else expect(parseXml(text).root.name, where).toBe('errors');
    expect(await fingerprint(t.db.dataSource), where).toBe(before);
  }

  it('when a POST carries anything in any field, then no 500, the refusal is the standard\'s, and nothing is written', async () => {
    const form = fc.record({
      changed: fc.subarray(Object.keys(valid), { minLength: 1, maxLength: 2 }),
      values: fc.array(anyValue, { minLength: 2, maxLength: 2 }),
      extra: fc.option(fc.tuple(fc.oneof(hostileString, fc.constantFrom('attribute[x]', 'attribute[entrance][]', 'attribute[]')), hostileString)),
      format: fc.constantFrom('json', 'xml'),
    });
    await fc.assert(fc.asyncProperty(form, async ({ changed, values, extra, format }) => {
      const fields: Record<string, string> = { ...valid };
      changed.forEach((k, i) => { fields[k] = values[i]; });
      if (extra) fields[extra[0]] = extra[1];
      const before = await fingerprint(t.db.dataSource);
      const res = await t.post(`requests.${format}`, fields);
      if (res.status === 200) return void (await res.arrayBuffer());
      await holds(res, format, before, `POST ${JSON.stringify(fields)}`);
    }), { numRuns: 60 });
  });

  it('when a GET carries anything in its query or path, then no 500 and the refusal is the standard\'s', async () => {
    const query = fc.dictionary(
      fc.constantFrom('service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'page', 'page_size', 'jurisdiction_id', 'api_key'),
      anyValue, { maxKeys: 3 });
    const path = fc.oneof(
      fc.constantFrom('services', 'requests'),
      fc.tuple(fc.constantFrom('services', 'requests', 'tokens'), fc.oneof(hostileString, hostileId.map(String))).map(([kind, id]) => `${kind}/${urlPart(id)}`),
    );
    await fc.assert(fc.asyncProperty(path, query, fc.constantFrom('json', 'xml'), async (p, q, format) => {
      const before = await fingerprint(t.db.dataSource);
      const search = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();
      const res = await t.get(`${p}.${format}${search ? `?${search}` : ''}`);
      if (res.status === 200) return void (await res.arrayBuffer());
      await holds(res, format, before, `GET ${p}.${format}?${search}`);
    }), { numRuns: 80 });
  });
});
