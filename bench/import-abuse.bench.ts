/**
 * `npm run bench:import-abuse`: the files of issue 19 that used to take the server down, sent over HTTP to
 * the real app on a throwaway embedded PostgreSQL, each answer's time and the server process's peak memory
 * (resident set, reader threads included) next to its memory before:
 * - an XLSX of 6.5 MB whose shared strings unpack to 4.6 GB (was: heap out of memory, the process gone);
 * - the same bomb with a central directory that lies (declares 1 KB);
 * - 199 MB of bad rows, just under the upload limit (BENCH_BAD_MB; was: 6.6 GB after 13 minutes, still parsing after the client left).
 * The upload is streamed from disk, so the client's own memory stays out of the figures. Prints, never fails.
 */
import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import pino from 'pino';
import { createDataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { ukcRow, ukcTopicMapCsv, UKC_HEADER } from '../db/seed/appeal-files';
import { createApp } from '../server/app';
import { DatabaseHealth } from '../server/http/database-health';
import { loadTopicMap } from '../server/imports/topic-map';
import { createUsersService } from '../server/users/users.service';
import { sharedStringsBomb, workbookParts, writeZip } from '../test/integration/zip-files';

const BAD_MB = Number(process.env.BENCH_BAD_MB ?? 199);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Streams a multipart upload of `file` from disk; resolves with the status and the answer. */
async function upload(base: string, cookie: string, file: string): Promise<{ status: number; text: string; sentAt: number }> {
  const boundary = 'bench-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\nukc1545\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = (await stat(file)).size;
  let sentAt = 0;
  const req = request(`${base}/api/imports`, {
    method: 'POST',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length) },
  });
  const answer = new Promise<{ status: number; text: string; sentAt: number }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, sentAt }));
    });
    req.on('error', reject);
  });
  req.write(head);
  for await (const chunk of createReadStream(file)) if (!req.write(chunk)) await once(req, 'drain');
  req.end(tail);
  sentAt = performance.now();
  return answer;
}

/** Runs `fn` while sampling the resident set size every 10 ms. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; t0: number; before: number; peak: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  try {
    const value = await fn();
    return { value, seconds: (performance.now() - t0) / 1000, t0, before, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

async function writeBadRows(file: string, megabytes: number): Promise<number> {
  const { createWriteStream } = await import('node:fs');
  const out = createWriteStream(file);
  out.write(`${UKC_HEADER.join(';')}\r\n`);
  let bytes = 0;
  let rows = 0;
  while (bytes < megabytes * 1024 * 1024) {
    let chunk = '';
    for (let k = 0; k < 1000; k++, rows++) {
      const r = ukcRow(rows, { rows: 1, firstNumber: 8 });
      r[4] = '31.02.2021 10:00';
      chunk += `${r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')}\r\n`;
    }
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-abuse-'));
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const dataSource = createDataSource({ url: pg.url, poolSize: 5, applicationName: 'bench-abuse' });
  const log = pino({ level: 'silent' });
  const database = new DatabaseHealth(dataSource, log);
  const app = createApp({ dataSource, database, log, sessionSecret: 'bench', imports: { uploadRoot: path.join(dir, 'uploads') } });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'all' });
    database.start();
    await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
    await loadTopicMap(dataSource, 'ukc1545', path.join(dir, 'map.csv'));
    await createUsersService(dataSource).create({ role: 'supervisor', username: 'bench', password: 'bench-password' });
    await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) });
    const cookie = login.headers.getSetCookie()[0].split(';')[0];
    const sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>';
    await writeZip(path.join(dir, 'bomb.xlsx'), workbookParts(sharedStringsBomb(4.6e9), sheet));
    await writeZip(path.join(dir, 'liar.xlsx'), workbookParts({ ...sharedStringsBomb(4.6e9), declared: 1000 }, sheet));
    const rows = await writeBadRows(path.join(dir, 'bad.csv'), BAD_MB);
    const cases = [
      ['XLSX bomb (4.6 GB of shared strings)', 'bomb.xlsx'],
      ['XLSX bomb, directory lies (1 KB)', 'liar.xlsx'],
      [`${rows.toLocaleString('en')} bad rows`, 'bad.csv'],
    ];
    for (const [what, name] of cases) {
      const file = path.join(dir, name);
      const r = await measured(() => upload(base, cookie, file));
      const error = JSON.parse(r.value.text).error;
      console.log(`${what.padEnd(40)} ${mb((await stat(file)).size).padStart(7)}: ${r.value.status} ${error?.code} in ${r.seconds.toFixed(1)} s (upload sent after ${((r.value.sentAt - r.t0) / 1000).toFixed(1)} s); server RSS ${mb(r.before)} before, peak ${mb(r.peak)} (+${mb(r.peak - r.before)})`);
      console.log(`${''.padEnd(40)}          "${error?.message}"`);
    }
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    database.stop();
    await app.realtime.io.close();
    app.http.closeAllConnections();
    await new Promise((resolve) => app.http.close(resolve));
    if (dataSource.isInitialized) await dataSource.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
