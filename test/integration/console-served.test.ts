import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../server/startup/console-build';
import { startTestApp, type TestApp } from '../setup/app';

// The console as it is served: built once here (a real vite build with our plugins), then fetched over real HTTP.

/** The budget of item 8: what an agent's first load fetches, gzipped. */
const AGENT_INITIAL_JS_BUDGET = 150 * 1024;

interface Chunk { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; css?: string[] }
let outDir: string;
let manifest: Record<string, Chunk>;
let t: TestApp;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'hc-console-'));
  await buildConsole(outDir);
  manifest = JSON.parse(await readFile(path.join(outDir, '.vite/manifest.json'), 'utf8'));
  t = await startTestApp({ clientDir: outDir });
}, 300_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** The chunks a key pulls in before it runs: itself and its static imports, transitively. */
function closure(keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key].imports ?? []) visit(next);
  };
  keys.forEach(visit);
  return seen;
}

const entryKey = () => Object.keys(manifest).find((k) => manifest[k].isEntry)!;
const assetUrl = (key: string) => '/' + manifest[key].file;

describe('the agent’s first load', () => {
  it('when an agent opens the console on the Calls page, then its JS is within 150 KB gzipped and holds no chart library', async () => {
    const keys = closure([entryKey(), 'src/layouts/AppLayout.vue', 'src/pages/AgentHomePage.vue']);
    let gzipped = 0;
    for (const key of keys) gzipped += gzipSync(await readFile(path.join(outDir, manifest[key].file)), { level: 9 }).length;
    process.stdout.write(`agent's initial JS: ${keys.size} chunks, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${AGENT_INITIAL_JS_BUDGET / 1024} KB)\n`);
    expect(gzipped).toBeLessThanOrEqual(AGENT_INITIAL_JS_BUDGET);
    const charting = Object.keys(manifest).filter((k) => /uplot/i.test(k));
    expect(charting.length).toBeGreaterThan(0);
    for (const key of charting) expect(keys.has(key), key).toBe(false);
  });

  it('when the live page, the wallboard or the overdue page is opened, then the chart library comes with it (loaded on demand)', () => {
    const reachable = (start: string) => {
      const seen = new Set<string>();
      const visit = (key: string) => {
        if (seen.has(key)) return;
        seen.add(key);
        for (const next of [...(manifest[key].imports ?? []), ...(manifest[key].dynamicImports ?? [])]) visit(next);
      };
      visit(start);
      return [...seen].some((k) => /uplot/i.test(k));
    };
    for (const page of ['src/pages/LiveQueuesPage.vue', 'src/pages/WallboardPage.vue', 'src/pages/OverduePage.vue']) expect(reachable(page), page).toBe(true);
  });
});

describe('the console served as a product', () => {
  it('when a browser takes brotli or gzip, then each hashed JS and CSS file comes pre-compressed, immutable for a year, with Vary', async () => {
    const files = [...closure([entryKey()])].flatMap((k) => [manifest[k].file, ...(manifest[k].css ?? [])]);
    expect(files.some((f) => f.endsWith('.css'))).toBe(true);
    for (const file of files) {
      const original = await readFile(path.join(outDir, file));
      if (original.length < 1024) continue;
      for (const [accept, coding, decode] of [['gzip, deflate, br, zstd', 'br', brotliDecompressSync], ['gzip, deflate', 'gzip', gunzipSync]] as const) {
        const res = await fetch(`${t.baseUrl}/${file}`, { headers: { 'accept-encoding': accept } });
        expect(res.status, file).toBe(200);
        expect(res.headers.get('content-encoding'), file).toBe(coding);
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
        expect(res.headers.get('content-type')).toMatch(file.endsWith('.js') ? /javascript/ : /text\/css/);
        // fetch leaves a coded body alone only when asked not to decode: read what came over the wire.
        const wire = Buffer.from(await res.arrayBuffer());
        const body = wire.equals(original) ? wire : decode(wire);
        expect(body.equals(original), file).toBe(true);
        expect(Number(res.headers.get('content-length') ?? (await stat(path.join(outDir, file + (coding === 'br' ? '.br' : '.gz')))).size)).toBeLessThan(original.length);
      }
    }
  });

  it('when a client takes no coding (or refuses them with q=0), then it gets the file as built; index.html is revalidated every time', async () => {
    const file = manifest[entryKey()].file;
    const original = await readFile(path.join(outDir, file));
    for (const accept of ['identity', 'br;q=0, gzip;q=0']) {
      const res = await fetch(`${t.baseUrl}/${file}`, { headers: { 'accept-encoding': accept } });
      expect(res.headers.get('content-encoding'), accept).toBeNull();
      expect(Buffer.from(await res.arrayBuffer()).equals(original)).toBe(true);
    }
    for (const page of ['/', '/calls', '/index.html']) {
      const res = await fetch(t.baseUrl + page);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('cache-control'), page).toBe('no-cache');
      expect(await res.text()).toContain(assetUrl(entryKey()));
    }
    const missing = await fetch(`${t.baseUrl}/assets/index-00000000.js`);
    expect(missing.status).toBe(404);
  });
});
