import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { verifyPassword } from '../auth/passwords';
import type { Config } from '../config';
import { DEMO_USERS } from '../seed/demo-users';
import { demoLoginLines, isEmpty, seedDemo, type DemoSize } from '../seed/demo';

/** The line that creates the first administrator; printed as is, so it can be copied. */
export const FIRST_ADMIN_COMMAND =
  `echo 'a-long-password' | npm run cli -- users add --username admin --role admin --full-name "Адміністратор" --password-stdin`;

/**
 * Demo mode is the built-in PBX simulator on the embedded database. With a real PBX (AMI_HOST) the demo
 * agents would sit on PJSIP/1001–1003 of a live exchange and admin/admin-demo would open it to anyone.
 */
export function isDemoMode(config: Pick<Config, 'ami' | 'databaseUrl'>): boolean {
  return config.ami == null && config.databaseUrl == null;
}

export interface FirstRun {
  /** Demo logins and history were created on this start. */
  seeded: boolean;
  /** What to print once the server listens: the demo logins, or how to create the first admin. */
  lines: string[];
}

/**
 * Fills an empty database with demo data in demo mode only; otherwise leaves it empty and tells how to
 * create the first administrator when there is none who can log in.
 */
export async function prepareFirstRun(
  dataSource: DataSource,
  config: Pick<Config, 'ami' | 'databaseUrl'>,
  opts: { log: Logger; size?: DemoSize; onProgress?: (step: string, done: number, total: number) => void },
): Promise<FirstRun> {
  const demo = isDemoMode(config);
  const seeded = demo && (await isEmpty(dataSource));
  if (seeded) {
    opts.log.info('empty demo database: creating demo logins and several years of history');
    await seedDemo(dataSource, { log: opts.log, size: opts.size, onProgress: opts.onProgress });
  }
  if (demo) return { seeded, lines: ['Demo logins (role, username, password):', ...demoLoginLines()] };
  if (config.ami) await warnOfDemoLogins(dataSource, opts.log);
  if (await hasActiveAdmin(dataSource)) return { seeded, lines: [] };
  return { seeded, lines: ['No administrator yet. Create the first one (the password is read from standard input):', `  ${FIRST_ADMIN_COMMAND}`] };
}

async function hasActiveAdmin(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND active) AS yes`);
  return row.yes;
}

/** A database seeded in demo mode and later pointed at a real PBX may still accept the published demo passwords. */
async function warnOfDemoLogins(dataSource: DataSource, log: Logger): Promise<void> {
  const rows: { username: string; hash: string }[] = await dataSource.query(
    'SELECT username, password_hash AS hash FROM users WHERE active AND lower(username) = ANY($1)',
    [DEMO_USERS.map((u) => u.username.toLowerCase())],
  );
  const demoPassword = (username: string) => DEMO_USERS.find((u) => u.username.toLowerCase() === username.toLowerCase())?.password ?? '';
  // argon2 verifies on libuv's thread pool, so the seven checks overlap instead of queueing on start-up.
  const stillDemo = await Promise.all(rows.map((r) => verifyPassword(r.hash, demoPassword(r.username))));
  const open = rows.filter((_, i) => stillDemo[i]).map((r) => r.username);
  if (open.length) {
    log.warn({ users: open }, 'AMI_HOST is set but these logins still have their published demo passwords: disable them or start from an empty database');
  }
}
