import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createDataSource, type DataSource } from '../../db/data-source';
import { credentialsFile } from '../../db/embedded-credentials';
import { freePort, loadEmbeddedPostgres, startEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app';
import { DatabaseHealth } from '../../server/http/database-health';
import { startJobs } from '../../server/jobs/jobs';
import { startDatabase } from '../../server/startup/database';
import { createUsersService } from '../../server/users/users.service';

/** Issue 19, item 11: the embedded PostgreSQL keeps to itself, and the application is not its superuser. */
const silent = pino({ level: 'silent' });
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function dataDir(prefix = 'hc-emb-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as 'postgres' and must reach its folder
  cleanups.push(() => rm(dir, { recursive: true, force: true })); // runs last: cleanups go in reverse
  return dir;
}

/** The server's own way to start: DATA_DIR given, no DATABASE_URL. */
async function serverDatabase(dir: string): Promise<{ dataSource: DataSource; embedded: EmbeddedDatabase }> {
  const { dataSource, embedded } = await startDatabase({ url: null, dataDir: dir, log: silent, poolSize: 3 });
  cleanups.push(async () => (await dataSource.destroy(), await embedded!.stop()));
  return { dataSource, embedded: embedded! };
}

const mode = async (file: string) => (await stat(file)).mode & 0o777;
const refused = (port: number) => new Promise<string>((resolve) => {
  const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve('connected')));
  socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
});

async function canConnect(options: pg.ClientConfig): Promise<boolean> {
  const client = new pg.Client(options);
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

describe('the embedded PostgreSQL of a server', () => {
  it('when it starts in a fresh DATA_DIR, then its passwords and log are private, it has no TCP port, and the application is not superuser', async () => {
    const dir = await dataDir();
    const { dataSource, embedded } = await serverDatabase(dir);

    expect(await mode(credentialsFile(path.join(dir, 'pg')))).toBe(0o600);
    expect(await mode(path.join(dir, 'postgres.log'))).toBe(0o600);
    expect(await mode(dir) & 0o077 & ~0o011).toBe(0); // nobody else may list or read it (as root: pass through only)
    expect(await mode(path.join(dir, 'pg'))).toBe(0o700);
    expect(await readFile(path.join(dir, 'postgres.log'), 'utf8')).not.toContain(JSON.parse(await readFile(credentialsFile(path.join(dir, 'pg')), 'utf8')).app);

    const admin = new pg.Client({ connectionString: embedded.adminUrl });
    await admin.connect();
    const { rows: [{ sockets }] } = await admin.query(`SELECT current_setting('unix_socket_directories') AS sockets`);
    await admin.end();
    const [{ listen, user, superuser, owner }] = await dataSource.query(
      `SELECT current_setting('listen_addresses') AS listen, current_user AS user,
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
              (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS owner`);
    expect({ listen, user, superuser, owner }).toEqual({ listen: '', user: 'hromada', superuser: false, owner: 'hromada' });
    expect(sockets).toBe(embedded.socketDir);
    const port = Number(new URL(embedded.url).port);
    expect(await refused(port)).toBe('ECONNREFUSED');
    // The import's fast path: the grant, not superuser rights.
    await dataSource.transaction(async (m) => m.query('SET LOCAL session_replication_role = replica'));
    // The well-known password of old releases opens nothing.
    expect(await canConnect({ host: embedded.socketDir!, port, user: 'postgres', password: 'hromada-local', database: 'postgres' })).toBe(false);
  });

  it('when the socket path would be too long, then it listens on 127.0.0.1 only, and says so', async () => {
    let dir = await dataDir();
    while (dir.length < 110) dir = path.join(dir, 'a-rather-long-folder-name');
    const warnings: string[] = [];
    const embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false, onWarn: (m) => warnings.push(m) });
    cleanups.push(() => embedded.stop());
    expect(embedded.socketDir).toBeNull();
    expect(warnings.join('\n')).toMatch(/too long for a Unix socket.*127\.0\.0\.1/);
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    const { rows: [row] } = await client.query(`SELECT current_setting('listen_addresses') AS listen, inet_server_addr()::text AS addr`);
    await client.end();
    expect(row).toEqual({ listen: '127.0.0.1', addr: '127.0.0.1/32' });
  });

  it('when DATA_DIR was made by an old release (fixed password, data in database postgres), then it starts, keeps the data and moves it to the new roles', async () => {
    const dir = await dataDir();
    const port = await freePort();
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const old = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'pg'), port, user: 'postgres', password: 'hromada-local', persistent: true, createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], onLog: () => undefined,
    });
    await old.initialise();
    await old.start();
    const oldUrl = `postgres://postgres:hromada-local@127.0.0.1:${port}/postgres`;
    const before = createDataSource({ url: oldUrl, poolSize: 2 });
    await before.initialize();
    await before.runMigrations();
    await createUsersService(before).create({ username: 'olena', role: 'agent', password: 'password123' });
    await before.destroy();
    const jobs = await startJobs({ url: oldUrl, log: silent });
    await jobs.stop();
    await old.stop();
    expect(existsSync(credentialsFile(path.join(dir, 'pg')))).toBe(false);

    const { dataSource } = await serverDatabase(dir);
    const [{ user, superuser }] = await dataSource.query(`SELECT current_user AS user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`);
    expect({ user, superuser }).toEqual({ user: 'hromada', superuser: false });
    expect((await dataSource.query(`SELECT username FROM users WHERE username = 'olena'`)).length).toBe(1);
    // The application writes where the superuser made the tables, and works its job queue.
    await createUsersService(dataSource).create({ username: 'taras', role: 'agent', password: 'password123' });
    const [{ foreign }] = await dataSource.query(`SELECT count(*)::int AS foreign FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('public', 'pgboss') AND c.relowner <> current_user::regrole`);
    expect(foreign).toBe(0);
    const appJobs = await startJobs({ url: (dataSource.options as { url: string }).url, log: silent });
    expect(await appJobs.boss.send('digest-send', { test: true })).toEqual(expect.any(String));
    await appJobs.stop();
    expect(await refused(port)).toBe('ECONNREFUSED');
  }, 120_000);

  it('when its postmaster is killed, then the server starts it again and logins work again', async () => {
    const dir = await dataDir();
    const { dataSource } = await serverDatabase(dir);
    await createUsersService(dataSource).create({ username: 'olena', role: 'agent', password: 'password123' });
    const database = new DatabaseHealth(dataSource, silent, { whenUp: 200, whenDown: 200 });
    database.start();
    const app = createApp({ dataSource, database, log: silent, sessionSecret: 's' });
    await new Promise<void>((r) => app.http.listen(0, '127.0.0.1', r));
    cleanups.push(async () => (database.stop(), await app.realtime.io.close(), app.http.closeAllConnections()));
    const login = () => fetch(`http://127.0.0.1:${(app.http.address() as AddressInfo).port}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'olena', password: 'password123' }) });
    const pidOf = async () => Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const first = await pidOf();
    process.kill(first, 'SIGKILL');
    // A backend may still answer for an instant after its postmaster is gone: wait for a new postmaster too.
    await expect.poll(async () => (await pidOf().catch(() => first)) !== first && (await login()).status, { timeout: 60_000, interval: 250 }).toBe(200);
  }, 120_000);
});
