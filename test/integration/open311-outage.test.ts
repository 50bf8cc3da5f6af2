import { chmod, mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../db/data-source';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded';
import { createApp } from '../../server/app';
import { createAuditService } from '../../server/audit/audit.service';
import { DatabaseHealth } from '../../server/http/database-health';
import { createApiKeysService } from '../../server/open311/api-keys.service';
import { parseXml } from './open311-harness';

async function eventually(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 100));
}

/** A dependency down is a 503, not a crash: Open311 while PostgreSQL is away, in the standard's error shape. */
describe('Open311 when PostgreSQL goes away', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-open311-outage-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  let pg: EmbeddedDatabase = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port });
  const dataSource = createDataSource({ url: pg.url, poolSize: 3 });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const key = (await createApiKeysService(dataSource, createAuditService(dataSource)).create({ name: 'outage' }, { userId: null })).key;
  const log = pino({ level: 'silent' });
  const database = new DatabaseHealth(dataSource, log, { whenUp: 200, whenDown: 200 });
  database.start();
  const app = createApp({ dataSource, database, log, sessionSecret: 's' });
  await new Promise<void>((r) => app.http.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}/open311/v2`;
  const post = () => fetch(`${base}/requests.json`, { method: 'POST', body: new URLSearchParams({ api_key: key, service_code: 'LS.04', address_string: 'парк Героїв' }) });

  afterAll(async () => {
    database.stop();
    await app.realtime.io.close();
    app.http.closeAllConnections();
    await dataSource.destroy().catch(() => {});
    await pg.stop();
  });

  it('then every resource answers 503 in its format, nothing is half-written, and it recovers by itself', async () => {
    expect((await fetch(`${base}/services.json`)).status).toBe(200);
    expect((await post()).status).toBe(200);
    await pg.stop();

    const first = await post();
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual([{ code: 503, description: expect.any(String) }]);
    await eventually(async () => (await fetch(`${base}/services.json`)).status === 503);
    const xml = await fetch(`${base}/requests.xml`);
    expect(xml.status).toBe(503);
    expect(xml.headers.get('retry-after')).not.toBeNull();
    expect(parseXml(await xml.text()).root.name).toBe('errors');

    pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port });
    await eventually(async () => (await fetch(`${base}/services.json`)).status === 200);
    expect((await post()).status).toBe(200);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM requests r JOIN open311_tokens k ON k.request_id = r.id`);
    const [{ all }] = await dataSource.query('SELECT count(*)::int AS "all" FROM requests');
    expect([n, all]).toEqual([2, 2]);
  }, 120_000);
});
