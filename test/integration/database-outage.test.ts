import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { DatabaseHealth } from '../../server/http/database-health';
import { createUsersService } from '../../server/users/users.service';
import { createDataSource } from '../../db/data-source';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded';
import type { AddressInfo } from 'node:net';

/** Waits until `check` holds, polling; the test's own timeout bounds it. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 100));
}

describe('when PostgreSQL goes away while the server runs', async () => {
  // A PostgreSQL of its own, so this file can stop and start it.
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-outage-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  let pg: EmbeddedDatabase = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port });
  const dataSource = createDataSource({ url: pg.url, poolSize: 3 });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await createUsersService(dataSource).create({ username: 'agent', role: 'agent', password: 'password123' });
  const log = pino({ level: 'silent' });
  const database = new DatabaseHealth(dataSource, log, { whenUp: 200, whenDown: 200 });
  database.start();
  const app = createApp({ dataSource, database, log, sessionSecret: 's' });
  await new Promise<void>((r) => app.http.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  const login = () => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent', password: 'password123' }) });
  const health = async () => (await fetch(`${base}/api/health`)).json() as Promise<{ db: { up: boolean } }>;

  afterAll(async () => {
    database.stop();
    await app.realtime.io.close();
    app.http.closeAllConnections();
    await dataSource.destroy().catch(() => {});
    await pg.stop();
  });

  it('then the routes that need it answer 503, health says so, the process lives, and it recovers by itself', async () => {
    expect((await login()).status).toBe(200);
    await pg.stop();

    const down = await login();
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
    await eventually(async () => !(await health()).db.up);
    expect((await fetch(`${base}/api/health`)).status).toBe(503);

    pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port });
    await eventually(async () => (await health()).db.up);
    expect((await login()).status).toBe(200);
    // A PostgreSQL stop and start inside the test: on a loaded machine that alone can take most of 30 s.
  }, 120_000);
});
