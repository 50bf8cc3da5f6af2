import { appendFileSync, chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { createDataSource, type DataSource } from '../../db/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded';
import { migrateOrRefuse } from './schema-check';

export interface StartedDatabase {
  dataSource: DataSource;
  embedded: EmbeddedDatabase | null;
}

/**
 * DATABASE_URL, or an embedded PostgreSQL in DATA_DIR/pg with its log in DATA_DIR/postgres.log. An unreachable
 * server is retried with a growing pause and a clear message, never a crash loop; then migrations run (or the
 * node refuses a schema it does not match: see schema-check.ts).
 */
export async function startDatabase(opts: { url: string | null; dataDir: string; log: Logger; poolSize?: number; autoMigrate?: boolean }): Promise<StartedDatabase> {
  const { log } = opts;
  let embedded: EmbeddedDatabase | null = null;
  let url = opts.url;
  if (!url) {
    log.info({ dir: path.join(opts.dataDir, 'pg') }, 'starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dir: path.join(opts.dataDir, 'pg'), reclaimOrphan: true, keepAlive: true,
      onLog: privateLog(path.join(opts.dataDir, 'postgres.log')), onWarn: (message) => log.warn(message),
    });
    url = embedded.url;
  }
  const dataSource = createDataSource({ url, poolSize: opts.poolSize });
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.initialize();
      break;
    } catch (e) {
      const wait = Math.min(30, 2 ** Math.min(attempt - 1, 5));
      log.error(`PostgreSQL at ${describe(url)} is not reachable (${(e as Error).message}); retrying in ${wait} s`);
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }
  const applied = await migrateOrRefuse(dataSource, { autoMigrate: opts.autoMigrate ?? true }).catch(async (error: Error) => {
    await dataSource.destroy().catch(() => undefined);
    await embedded?.stop();
    throw error;
  });
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
  return { dataSource, embedded };
}

/** PostgreSQL's log names users, databases and failed statements: readable by us only, even if it existed before. */
function privateLog(file: string): (line: string) => void {
  if (existsSync(file)) chmodSync(file, 0o600);
  return (line) => appendFileSync(file, line, { mode: 0o600 });
}

/** host:port/database (or the socket folder) without the password, for messages. */
export function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.searchParams.get('host') ?? u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}
