import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { body } from '../setup/app';
import { parseXml, startOpen311App, type XmlNode } from './open311-harness';

/* eslint-disable @typescript-eslint/no-explicit-any */

const swagger = parseYaml(readFileSync(new URL('../fixtures/open311/georeport_v2-1.yaml', import.meta.url), 'utf8'));

/** The Swagger file's definitions as JSON Schema; its formats uid/uint/double say nothing a type does not. */
function validators(coerce: boolean) {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerce });
  addFormats(ajv);
  for (const f of ['uid', 'uint', 'double']) ajv.addFormat(f, true);
  ajv.addSchema({ definitions: swagger.definitions }, 'georeport');
  const list = (name: string) => ajv.compile({ type: 'array', items: { $ref: `georeport#/definitions/${name}` } });
  const one = (name: string) => ajv.compile({ $ref: `georeport#/definitions/${name}` });
  const error = { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } }, additionalProperties: false };
  // Service Discovery is not in the Swagger file: its fields, all required, from the specification's page.
  const endpoint = {
    type: 'object', required: ['specification', 'url', 'changeset', 'type', 'formats'],
    properties: { specification: { type: 'string' }, url: { type: 'string', format: 'uri' }, changeset: { type: 'string' }, type: { enum: ['production', 'test'] }, formats: { type: 'array', minItems: 1, items: { enum: ['text/xml', 'application/json'] } } },
  };
  return {
    services: list('Service'), definition: one('ServiceDefinition'), requests: list('Request'), posted: list('RequestResponse'), tokens: list('TokenResponse'),
    errors: ajv.compile({ type: 'array', minItems: 1, items: error }),
    discovery: ajv.compile({ type: 'object', required: ['changeset', 'contact', 'key_service', 'endpoints'], properties: { endpoints: { type: 'array', minItems: 1, items: endpoint } } }),
  };
}
const json = validators(false);
// XML carries text only: its values are checked after the types are read back (coerced), its shape exactly.
const xml = validators(true);

/** What each list's XML element holds, as the standard names them. */
const ITEM: Record<string, string> = { services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };
const LISTS = new Set(Object.keys(ITEM));

/** An XML element back to the JSON the same answer gives: lists as arrays, leaves as text. */
function fromXml(node: XmlNode): unknown {
  if (LISTS.has(node.name)) {
    const wrong = node.children.filter((c) => c.name !== ITEM[node.name]);
    if (wrong.length) throw new Error(`<${node.name}> holds <${wrong[0].name}>, not only <${ITEM[node.name]}>`);
    return node.children.map(fromXml);
  }
  if (!node.children.length) return node.text;
  const names = node.children.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new Error(`<${node.name}> repeats an element: ${names.join(', ')}`);
  return Object.fromEntries(node.children.map((c) => [c.name, fromXml(c)]));
}

const assertValid = (validate: ValidateFunction, data: unknown, what: string) => {
  const ok = validate(data);
  expect(ok, `${what}: ${JSON.stringify(validate.errors)}`).toBe(true);
};

/** JSON's values as XML writes them: the same names and order, every leaf as its text. */
const asText = (v: unknown): unknown => (Array.isArray(v) ? v.map(asText) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asText(x)])) : String(v));

/**
 * Issue 26, item 7: every JSON answer of /open311 against the GeoReport v2.1 Swagger definitions (ajv), and
 * every XML answer's structure: UTF-8 with its declaration, no namespace, the standard's root and list
 * elements, and the same fields in the same order as the JSON.
 */
describe('Open311 contract: JSON against the Swagger definitions, XML against the same structure', async () => {
  const t = await startOpen311App();
  const key = await t.key('Контракт');
  const agent = await t.login({ role: 'agent' });
  const roads = await t.login({ role: 'executor', executor: 'ROADS' });
  // A request of every kind the answers can hold: posted with a place and attributes, phoned in, completed.
  const post = await t.post('requests.json', { api_key: key, service_code: 'LS.02', lat: '47.91', long: '33.39', address_string: 'вул. Січеславська, 5', description: 'Темно & <слизько>', 'attribute[lamp_state]': 'flickers', email: 'a@example.com' });
  const [posted] = await body(post);
  const phoned = await body(await t.fetch('/api/requests', { method: 'POST', cookie: agent.cookie, json: { citizen: { fullName: 'Бондар Іван', phone: '067 222 3344' }, topicCode: 'LS.01', description: 'Яма', source: 'call' } }));
  for (const step of [{ action: 'start' }, { action: 'complete', result: 'resolved', answer: 'Яму засипано' }]) {
    await t.fetch(`/api/requests/${phoned.id}/transitions`, { method: 'POST', cookie: roads.cookie, json: step });
  }

  /** Every resource, with the validator of its answer and the XML root it must have. */
  const resources: [string, keyof typeof json, string, number][] = [
    ['services', 'services', 'services', 200],
    ['services/LS.02', 'definition', 'service_definition', 200],
    ['services/HS.01', 'definition', 'service_definition', 200],
    ['requests', 'requests', 'service_requests', 200],
    ['requests?status=closed', 'requests', 'service_requests', 200],
    [`requests/${posted.service_request_id}`, 'requests', 'service_requests', 200],
    [`requests/${phoned.number}`, 'requests', 'service_requests', 200],
    [`tokens/${posted.token}`, 'tokens', 'service_requests', 200],
    ['services/NOPE', 'errors', 'errors', 404],
    ['requests/2026-999999', 'errors', 'errors', 404],
    ['requests?status=pending', 'errors', 'errors', 400],
  ];

  it('when the POST answers, then its JSON is a list of RequestResponse, and its XML the same under <service_requests><request>', async () => {
    expect(post.headers.get('content-type')).toBe('application/json; charset=utf-8');
    assertValid(json.posted, [posted], 'POST requests.json');
    const res = await t.post('requests.xml', { api_key: key, service_code: 'LS.04', address_string: 'парк Героїв' });
    expect(res.status).toBe(200);
    const { root } = parseXml(await res.text());
    expect(root.name).toBe('service_requests');
    const back = fromXml(root) as any[];
    assertValid(xml.posted, back, 'POST requests.xml');
    expect(Object.keys(back[0])).toEqual(['service_request_id', 'token', 'service_notice']);
  });

  it.each(resources)('when %s is read, then its JSON validates and its XML has the same structure and values', async (path, schema, root, status) => {
    const [name, query] = path.split('?');
    const q = query ? `?${query}` : '';
    const jsonRes = await t.get(`${name}.json${q}`);
    expect(jsonRes.status).toBe(status);
    expect(jsonRes.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const data = await body(jsonRes);
    assertValid(json[schema], data, `${path}.json`);
    if (Array.isArray(data) && status === 200 && schema !== 'errors') expect(data.length).toBeGreaterThan(0);

    const xmlRes = await t.get(`${name}.xml${q}`);
    expect(xmlRes.status).toBe(status);
    expect(xmlRes.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const text = await xmlRes.text();
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(text).not.toMatch(/xmlns/);
    const doc = parseXml(text);
    expect(doc.declaration).toMatchObject({ version: '1.0', encoding: 'UTF-8' });
    expect(doc.root.name).toBe(root);
    const back = fromXml(doc.root);
    assertValid(xml[schema], structuredClone(back), `${path}.xml`);
    expect(back).toEqual(asText(data));
  });

  it('when discovery is read, then both formats list the v2 endpoint with its formats', async () => {
    const data = await body(await fetch(`${t.baseUrl}/open311/discovery.json`));
    assertValid(json.discovery, data, 'discovery.json');
    expect(data.endpoints[0].url).toBe(`${t.baseUrl}/open311/v2`);
    const doc = parseXml(await (await fetch(`${t.baseUrl}/open311/discovery.xml`)).text());
    expect(doc.root.name).toBe('discovery');
    expect(fromXml(doc.root)).toEqual(asText(data));
  });
});
