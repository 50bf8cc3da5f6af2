import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll } from 'vitest';
import { createApp, type App, type AppDeps } from '../../server/app';
import { DatabaseHealth } from '../../server/http/database-health';
import { createUsersService, type NewUser } from '../../server/users/users.service';
import { useTestDatabase, type TestDatabase } from './database';

export interface TestApp extends App {
  db: TestDatabase;
  database: DatabaseHealth;
  baseUrl: string;
  /** Creates a user (password "password123" unless given) and returns the session cookie of their login. */
  login(user: Partial<NewUser> & Pick<NewUser, 'role'>): Promise<{ cookie: string; user: { id: number; username: string } }>;
  fetch(path: string, init?: RequestInit & { cookie?: string; json?: unknown }): Promise<Response>;
}

let counter = 0;

/**
 * The whole application on a fresh database, listening on a free port of 127.0.0.1 for the test file; with
 * `shared.db`, on that one instead (several nodes of a cluster in one test).
 */
export async function startTestApp(overrides: Partial<AppDeps> = {}, shared: { db?: TestDatabase } = {}): Promise<TestApp> {
  const db = shared.db ?? (await useTestDatabase());
  const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
  const database = new DatabaseHealth(db.dataSource, log, { whenUp: 200, whenDown: 100 });
  database.start();
  const app = createApp({ dataSource: db.dataSource, database, log, sessionSecret: 'test-secret', ...overrides });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  afterAll(async () => {
    database.stop();
    await app.realtime.io.close();
    app.http.closeAllConnections();
    await new Promise((resolve) => app.http.close(resolve));
  });
  const users = createUsersService(db.dataSource);

  const doFetch: TestApp['fetch'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('cookie', init.cookie);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(baseUrl + path, { ...init, headers, body });
  };

  return {
    ...app, db, database, baseUrl, fetch: doFetch,
    async login(input) {
      const username = input.username ?? `${input.role}${++counter}_${process.pid}`;
      const password = input.password ?? 'password123';
      const user = await users.create({ ...input, username, password });
      const res = await doFetch('/api/auth/login', { method: 'POST', json: { username, password } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      const cookie = res.headers.getSetCookie()[0].split(';')[0];
      return { cookie, user };
    },
  };
}

/** A response body as JSON, typed loosely: tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const body = (res: Response): Promise<any> => res.json();
