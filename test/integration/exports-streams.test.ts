import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';

// The pool is in /api/health's details: asked with the metrics token.
const HEALTH_TOKEN = 'exports-test-token';
const healthAuth = { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } };
import { eventually } from './calls-harness';

/** pg's pool under TypeORM: how many clients are out, how many callers wait for one. */
interface Pool { totalCount: number; idleCount: number; waitingCount: number; options: { max: number } }
const poolOf = (t: TestApp) => (t.db.dataSource.driver as unknown as { master: Pool }).master;

/** Enough rows that an export (about 15 MB) is far larger than what the sockets' buffers hold (about 4 MB). */
async function seedRequests(t: TestApp, rows: number): Promise<void> {
  const sql = t.db.dataSource;
  const [{ id: citizen }] = await sql.query(`INSERT INTO citizens (full_name, address) VALUES ('Коваленко Олена', 'вул. Довга, 1') RETURNING id`);
  await sql.query(`
    INSERT INTO requests (number, received_at, source, topic_code, description, status, citizen_id, due_at)
    SELECT '2021-' || lpad(i::text, 6, '0'), now() - i * interval '1 minute', 'call', 'HS.06',
           repeat('Протікає дах над під’їздом, вода тече по стінах. ', 20) || i, 'assigned', $1, now() + interval '10 days'
      FROM generate_series(1, ${rows}) i`, [citizen]);
}

/** Sessions of this test's database that a transaction holds while nobody uses it: a leaked cursor. */
async function idleInTransaction(t: TestApp): Promise<number> {
  const [{ n }] = await t.db.dataSource.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`);
  return n;
}

/** A download that reads its first chunk and goes: `curl … | head -c1`. Resolves with the status. */
function abortAfterFirstChunk(t: TestApp, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(t.baseUrl + path, { headers: { cookie }, agent: false }, (res: IncomingMessage) => {
      res.once('data', () => {
        req.destroy();
        resolve(res.statusCode!);
      });
      res.once('end', () => resolve(res.statusCode!));
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end();
  });
}

/** A reader that sends its request and then reads nothing: its socket is paused from the start. */
function stalledReader(t: TestApp, path: string, cookie: string): Promise<Socket> {
  const url = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`);
      socket.pause();
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

describe('when downloads are aborted or stalled', async () => {
  // A short stall timeout, so that the test sees a stalled reader cut.
  const t = await startTestApp({ downloads: { stallMs: 1_500, exportConnections: 2 } });
  await seedRequests(t, 8_000);
  const { cookie } = await t.login({ role: 'supervisor' });

  it('then ten and more aborted CSV exports leave no transaction open, and login and the lists still answer', async () => {
    let aborted = 0;
    for (let tries = 0; aborted < 12 && tries < 200; tries++) {
      if ((await abortAfterFirstChunk(t, '/api/exports/requests.csv', cookie)) === 200) aborted++;
    }
    expect(aborted).toBe(12);
    await eventually(async () => (await idleInTransaction(t)) === 0 && poolOf(t).waitingCount === 0, 'no export left idle in transaction', 20_000);
    const login = await t.login({ role: 'agent' });
    expect((await t.fetch('/api/requests?pageSize=5', { cookie: login.cookie })).status).toBe(200);
    const pool = poolOf(t);
    expect(pool.totalCount - pool.idleCount).toBe(0);
  }, 120_000);

  it('then the XLSX export, aborted, releases its cursor too', async () => {
    for (let i = 0; i < 3; i++) expect(await abortAfterFirstChunk(t, '/api/exports/requests.xlsx', cookie)).toBe(200);
    await eventually(async () => (await idleInTransaction(t)) === 0 && poolOf(t).totalCount === poolOf(t).idleCount, 'no xlsx export left open', 20_000);
  }, 60_000);

  it('then a reader that stops reading is cut after the stall timeout and its connection comes back', async () => {
    const reader = await stalledReader(t, '/api/exports/requests.csv?status=assigned', cookie);
    try {
      // The export is audited when it ends; a stalled one ends only when the server cuts it.
      const cut = await eventually(async () => {
        const [row] = await t.db.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'export' AND detail->'filters'->'status' IS NOT NULL`);
        return row?.detail as { complete: boolean; rows: number } | undefined;
      }, 'the stalled export cut', 30_000);
      expect(cut.complete).toBe(false);
      expect(cut.rows).toBeLessThan(8_000);
      // The audit row is written as the export ends: its own connection may still be on the way back.
      await eventually(async () => (await idleInTransaction(t)) === 0 && poolOf(t).totalCount === poolOf(t).idleCount, 'the stalled export\'s connection back', 10_000);
    } finally {
      reader.destroy();
    }
  }, 60_000);
});

describe('when many readers are slow', async () => {
  // A long stall timeout: the readers stay open while the console is used.
  const t = await startTestApp({ downloads: { stallMs: 120_000, exportConnections: 2 }, metricsToken: HEALTH_TOKEN });
  await seedRequests(t, 8_000);
  const supervisor = await t.login({ role: 'supervisor' });
  const readers: Socket[] = [];
  afterAll(() => readers.forEach((s) => s.destroy()));

  it('then the exports take at most their own connections, the console answers, and /api/health shows the pool', async () => {
    for (let i = 0; i < 10; i++) readers.push(await stalledReader(t, '/api/exports/requests.csv', supervisor.cookie));
    await eventually(async () => (await body(await t.fetch('/api/health', healthAuth))).pool?.exports?.running === 2, 'two exports running');
    const agent = await t.login({ role: 'agent' });
    expect((await t.fetch('/api/auth/me', { cookie: agent.cookie })).status).toBe(200);
    expect((await t.fetch('/api/requests?pageSize=5', { cookie: supervisor.cookie })).status).toBe(200);
    const refused = await t.fetch('/api/exports/requests.csv', { cookie: agent.cookie });
    expect(refused.status).toBe(403);
    const busy = await t.fetch('/api/exports/calls.csv', { cookie: supervisor.cookie });
    expect(busy.status).toBe(503);
    expect((await body(busy)).error.code).toBe('exports_busy');
    const health = await body(await t.fetch('/api/health', healthAuth));
    expect(health.pool).toMatchObject({ max: 5, waiting: 0, exports: { running: 2, limit: 2 } });
    expect(health.pool.total - health.pool.idle).toBeGreaterThanOrEqual(2);
    readers.splice(0).forEach((s) => s.destroy());
    await eventually(async () => (await body(await t.fetch('/api/health', healthAuth))).pool.exports.running === 0, 'the exports ended with their readers');
    await eventually(async () => (await idleInTransaction(t)) === 0, 'no transaction left');
  }, 120_000);
});
