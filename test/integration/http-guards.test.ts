import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';
import { fingerprint } from './http-fuzz';

/** Issue 19, items 12 and 15: cross-site requests, cached personal data and what /api/health tells strangers. */
let t: TestApp;
let admin: string;
let supervisor: string;
const METRICS_TOKEN = 'guards-metrics-token';

beforeAll(async () => {
  t = await startTestApp({ metricsToken: METRICS_TOKEN });
  admin = (await t.login({ role: 'admin' })).cookie;
  supervisor = (await t.login({ role: 'supervisor' })).cookie;
});

const me = (cookie: string) => t.fetch('/api/auth/me', { cookie });

/** Every state-changing route docs/API.md names, with its path parameters filled in. */
const documentedWrites = [...new Set(readFileSync(path.resolve(import.meta.dirname, '../../docs/API.md'), 'utf8')
  .match(/\b(POST|PUT|PATCH|DELETE) \/api\/[^\s`|)]+/g)!)]
  .map((line) => {
    const [method, route] = line.split(' ');
    return { method, path: route.replace(/:\w+/g, '1') };
  });

describe('requests that change state from a page that is not the console (CSRF)', () => {
  it('when a foreign page posts a logout with the user\'s cookie, then 403 forbidden_origin and the session lives on', async () => {
    const res = await t.fetch('/api/auth/logout', { method: 'POST', cookie: admin, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect((await body(res)).error).toMatchObject({ code: 'forbidden_origin', message: expect.any(String) });
    expect((await me(admin)).status).toBe(200);
  });

  it('when a foreign page runs the digests or imports a file, then 403 and nothing is written', async () => {
    const before = await fingerprint(t.db.dataSource);
    const digest = await t.fetch('/api/digests/run', { method: 'POST', cookie: supervisor, headers: { origin: 'http://127.0.0.1.evil.example' }, json: {} });
    expect(digest.status).toBe(403);
    const form = new FormData();
    form.set('format', 'ukc1545');
    form.set('file', new Blob(['a;b\n1;2\n']), 'appeals.csv');
    const imported = await t.fetch('/api/imports', { method: 'POST', cookie: admin, headers: { 'sec-fetch-site': 'cross-site' }, body: form });
    expect(imported.status).toBe(403);
    expect((await body(imported)).error.code).toBe('forbidden_origin');
    expect(await fingerprint(t.db.dataSource)).toBe(before);
  });

  it('when any documented write comes from any foreign origin, then it is refused before it is read', async () => {
    expect(documentedWrites.length).toBeGreaterThan(20);
    const foreign: fc.Arbitrary<Record<string, string>> = fc.oneof(
      fc.webUrl().map((u) => ({ origin: new URL(u).origin })),
      fc.constantFrom<Record<string, string>>({ origin: 'null' }, { origin: t.baseUrl.replace('127.0.0.1', 'localhost') },
        { origin: `${t.baseUrl}0` }, { origin: 'not a url' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' },
        { origin: t.baseUrl, 'sec-fetch-site': 'cross-site' }),
    );
    await fc.assert(fc.asyncProperty(fc.constantFrom(...documentedWrites), foreign, fc.constantFrom(admin, supervisor), async (route, headers, cookie) => {
      const before = await fingerprint(t.db.dataSource);
      const res = await t.fetch(route.path, { method: route.method, cookie, headers, json: {} });
      const where = `${route.method} ${route.path} ${JSON.stringify(headers)}`;
      expect(res.status, where).toBe(403);
      expect((await body(res)).error.code, where).toBe('forbidden_origin');
      expect(await fingerprint(t.db.dataSource), where).toBe(before);
    }), { numRuns: 60 });
  });

  it('when the console itself, or a client that is not a browser, posts, then it goes through', async () => {
    const own = await t.login({ role: 'agent' });
    expect((await t.fetch('/api/auth/logout', { method: 'POST', cookie: own.cookie, headers: { origin: t.baseUrl, 'sec-fetch-site': 'same-origin' } })).status).toBe(204);
    expect((await me(own.cookie)).status).toBe(401);
    const cli = await t.login({ role: 'agent' });
    expect((await t.fetch('/api/auth/logout', { method: 'POST', cookie: cli.cookie })).status).toBe(204);
    const typed = await t.fetch('/api/auth/logout', { method: 'POST', headers: { 'sec-fetch-site': 'none' } });
    expect(typed.status).toBe(204);
  });

  it('when PUBLIC_ORIGIN names the console, then that origin passes and the bare host does not', async () => {
    const behindProxy = await startTestApp({ publicOrigins: ['https://contact.example'] });
    const user = await behindProxy.login({ role: 'agent' });
    expect((await behindProxy.fetch('/api/auth/logout', { method: 'POST', cookie: user.cookie, headers: { origin: behindProxy.baseUrl } })).status).toBe(403);
    expect((await behindProxy.fetch('/api/auth/logout', { method: 'POST', cookie: user.cookie, headers: { origin: 'https://contact.example' } })).status).toBe(204);
  });
});

describe('personal data is not kept by caches', () => {
  it('when anything under /api answers (data, errors, health, downloads), then Cache-Control is no-store', async () => {
    const paths = ['/api/auth/me', '/api/requests', '/api/citizens?phone=0671234567', '/api/audit', '/api/exports/audit.csv', '/api/nothing-here', '/api/health'];
    for (const p of paths) {
      const res = await t.fetch(p, { cookie: admin });
      expect(res.headers.get('cache-control'), p).toBe('no-store');
      await res.arrayBuffer();
    }
    const anonymous = await t.fetch('/api/requests');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
  });
});

describe('/api/health for strangers and for us', () => {
  it('when nobody is logged in, then it tells the verdict only: no PBX error, host name or cluster', async () => {
    const res = await t.fetch('/api/health');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'degraded', db: { up: true }, ami: { state: 'disconnected' } });
    expect(text).not.toContain(hostname());
  });

  it('when a stranger sends a cookie that is not a session or a wrong token, then still the verdict only', async () => {
    for (const headers of [{ cookie: 'hc_session=forged.value' }, { authorization: 'Bearer wrong' }] as Record<string, string>[]) {
      expect(Object.keys(await body(await t.fetch('/api/health', { headers }))).sort()).toEqual(['ami', 'db', 'status']);
    }
  });

  it('when a logged-in user or the metrics token asks, then the details come too', async () => {
    const viaSession = await body(await t.fetch('/api/health', { cookie: supervisor }));
    expect(viaSession).toMatchObject({ ami: { state: 'disconnected', since: expect.any(String), error: 'not configured' }, node: { id: hostname(), leader: true }, cluster: { nodes: 1 } });
    const viaToken = await body(await t.fetch('/api/health', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }));
    expect(viaToken).toMatchObject({ node: { id: hostname() }, db: { up: true, since: expect.any(String) } });
  });
});
