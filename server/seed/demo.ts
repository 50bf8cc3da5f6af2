import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { generateDemoData } from '../../db/seed/generate';
import { DEMO_QUEUE } from '../startup/telephony';
import { DEFAULT_SERVICE_LEVEL_SECONDS, DEFAULT_THRESHOLDS } from '../supervisor/live.schemas';
import { createUsersService } from '../users/users.service';
import { seedDemoNotices } from './demo-notices';
import { DEMO_USERS } from './demo-users';
import { seedStaffingHistory } from '../staffing/demo-history';

export interface DemoSize {
  citizens: number;
  requests: number;
  years: number;
  /** Weeks of call history shaped like a city hotline (the staffing forecast's); none when left out. */
  staffingWeeks?: number;
}
export const DEFAULT_DEMO_SIZE: DemoSize = { citizens: 6_000, requests: 30_000, years: 5, staffingWeeks: 10 };

/** True when nobody has used this database yet: no users and no requests. */
export async function isEmpty(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query('SELECT NOT EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 1 FROM requests) AS empty');
  return row.empty;
}

/** Demo logins and several years of history; `onProgress` drives the progress bar. */
export async function seedDemo(
  dataSource: DataSource,
  opts: { size?: DemoSize; log: Logger; onProgress?: (step: string, done: number, total: number) => void },
): Promise<void> {
  const users = createUsersService(dataSource);
  for (const u of DEMO_USERS) {
    const [exists] = await dataSource.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [u.username]);
    if (!exists) await users.create(u);
  }
  const size = opts.size ?? DEFAULT_DEMO_SIZE;
  await generateDemoData(dataSource, { ...size, onProgress: opts.onProgress });
  if (size.staffingWeeks) await seedStaffingHistory(dataSource, size.staffingWeeks);
  await seedDemoNotices(dataSource);
  // the simulator's queue under the name the centre would give it
  await dataSource.query(
    `INSERT INTO queue_settings (queue, service_level_seconds, thresholds, display_name) VALUES ($1, $2, $3, 'Гаряча лінія') ON CONFLICT (queue) DO NOTHING`,
    [DEMO_QUEUE, DEFAULT_SERVICE_LEVEL_SECONDS, JSON.stringify(DEFAULT_THRESHOLDS)],
  );
  opts.log.info('demo data ready');
}

/** The lines printed at start so a newcomer can log in at once. */
export function demoLoginLines(): string[] {
  return DEMO_USERS.map((u) => `  ${u.role.padEnd(10)} ${u.username.padEnd(11)} ${u.password}${u.interface ? `   (rings at ${u.interface})` : ''}`);
}
