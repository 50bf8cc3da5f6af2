import pino from 'pino';
import type { PoolClient } from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../../telephony';
import { createAgentDirectory } from '../../server/agents/agent-directory';
import { createCallLog, CALL_LOG_CONNECTIONS } from '../../server/calls/call-log';
import { startTestApp, type TestApp } from '../setup/app';

// The pool is in /api/health's details: asked with the metrics token, which needs no connection to check.
const HEALTH_TOKEN = 'pool-test-token';
const healthAuth = { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } };
import { eventually } from './calls-harness';

/** pg's pool under TypeORM: how many clients are out, how many callers wait for one. */
interface Pool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max: number; connectionTimeoutMillis: number };
  connect(): Promise<PoolClient>;
}

let t: TestApp;
let pool: Pool;
let held: PoolClient[] = [];
let agentCookie: string;

beforeAll(async () => {
  t = await startTestApp({ metricsToken: HEALTH_TOKEN });
  pool = (t.db.dataSource.driver as unknown as { master: Pool }).master;
  agentCookie = (await t.login({ role: 'agent' })).cookie;
});
afterEach(() => {
  for (const client of held) client.release();
  held = [];
});

/** Checks out every connection of the pool, as a burst of slow work would. */
async function exhaustPool(): Promise<void> {
  while (held.length < pool.options.max) held.push(await pool.connect());
}

describe('when the connection pool is exhausted', () => {
  it('then a request that gets no connection answers 503 database_busy, and the database is not declared down', async () => {
    const timeout = pool.options.connectionTimeoutMillis;
    // Long enough for health to be asked while the request waits; short enough not to slow the test.
    pool.options.connectionTimeoutMillis = 2_000;
    try {
      await exhaustPool();
      const waiting = t.fetch('/api/auth/me', { cookie: agentCookie });
      // Health reads the pool's counters, not the database: it answers while nobody gets a connection.
      const health = await eventually(async () => {
        const h = (await (await t.fetch('/api/health', healthAuth)).json()) as { status: string; pool: { saturated: boolean; waiting: number; idle: number; total: number; max: number } };
        return h.pool.waiting > 0 && h;
      }, 'a request waiting for a connection');
      expect(health.status).toBe('degraded');
      expect(health.pool).toMatchObject({ saturated: true, idle: 0, total: pool.options.max, max: pool.options.max });
      const busy = await waiting;
      expect(busy.status).toBe(503);
      expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('database_busy');
      await t.database.probe();
      expect(t.database.up).toBe(true);
    } finally {
      pool.options.connectionTimeoutMillis = timeout;
    }
    for (const client of held.splice(0)) client.release();
    expect((await t.fetch('/api/auth/me', { cookie: agentCookie })).status).toBe(200);
    expect(((await (await t.fetch('/api/health', healthAuth)).json()) as { pool: { saturated: boolean } }).pool.saturated).toBe(false);
  });
});

describe('when a burst of call events arrives', () => {
  it('then the call log writes through a few connections and the rest of the pool stays free for the API', async () => {
    const log = pino({ level: 'silent' });
    const directory = createAgentDirectory(t.db.dataSource, log, 3_600_000);
    const callLog = createCallLog(t.db.dataSource, directory, log);
    const at = new Date().toISOString();
    const burst = Array.from({ length: 600 }, (_, i): TelephonyEvent => ({
      name: 'call:queued', callId: `burst.${i}`, channelId: `burst.${i}`, queue: 'support', position: 1, callerNumber: '0671234567', callerName: '', at,
    }));
    const writes = burst.map((e) => callLog.apply(e));
    let mostWaiting = 0;
    const watch = setInterval(() => {
      mostWaiting = Math.max(mostWaiting, pool.waitingCount);
    }, 1);
    // While the log writes, API requests still get a connection straight from the pool.
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await t.fetch('/api/auth/me', { cookie: agentCookie })).status);
    await Promise.all(writes);
    clearInterval(watch);
    directory.stop();
    expect(CALL_LOG_CONNECTIONS).toBeLessThan(pool.options.max);
    expect(answers).toEqual([200, 200, 200, 200, 200]);
    expect(mostWaiting).toBe(0);
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM calls WHERE id LIKE 'burst.%'`);
    expect(n).toBe(600);
    // 600 writes through 3 connections: on a loaded machine that is more than a test's default 30 s.
  }, 120_000);
});
