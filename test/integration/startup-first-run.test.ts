import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DEMO_REPEAT_CALLERS } from '../../server/seed/demo-notices';
import { DEMO_USERS } from '../../server/seed/demo-users';
import { FIRST_ADMIN_COMMAND, prepareFirstRun } from '../../server/startup/first-run';
import { createUsersService } from '../../server/users/users.service';
import { useTestDatabase } from '../setup/database';

const root = path.resolve(import.meta.dirname, '../..');
const PBX = { host: 'pbx.example', port: 5038, username: 'console', secret: 's' };
const SMALL = { citizens: 40, requests: 120, years: 1 };
// The generated history, and the open request of each demo repeat caller.
const DEMO_REQUESTS = SMALL.requests + DEMO_REPEAT_CALLERS.length;

function recordingLog() {
  const warnings: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
  return { log, warnings };
}

const count = async (ds: { query: (q: string) => Promise<{ n: number }[]> }, table: string) => (await ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

describe('start-up with a real PBX (AMI_HOST) on an empty embedded database', async () => {
  const { dataSource, url } = await useTestDatabase();

  it('when it starts, then no demo logins or data are created, and it prints how to create the first admin', async () => {
    const { log } = recordingLog();
    const run = await prepareFirstRun(dataSource, { ami: PBX, databaseUrl: null }, { log, size: SMALL });
    expect(run.seeded).toBe(false);
    expect(await count(dataSource, 'users')).toBe(0);
    expect(await count(dataSource, 'requests')).toBe(0);
    expect(run.lines.join('\n')).not.toMatch(/admin-demo|Demo logins/);
    expect(run.lines.join('\n')).toContain(FIRST_ADMIN_COMMAND);
    expect(FIRST_ADMIN_COMMAND).toMatch(/npm run cli -- users add .*--role admin .*--password-stdin/);
  });

  it('when the printed command is run, then the admin exists, the hint is gone, and an agent can take PJSIP/1001', async () => {
    await promisify(execFile)('sh', ['-c', FIRST_ADMIN_COMMAND], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
    const [admin] = await dataSource.query(`SELECT username, role FROM users`);
    expect(admin).toEqual({ username: 'admin', role: 'admin' });
    const { log } = recordingLog();
    expect((await prepareFirstRun(dataSource, { ami: PBX, databaseUrl: null }, { log })).lines).toEqual([]);
    // The README's own example: on a demo-seeded database this failed with "Another user already has this interface".
    const agent = await createUsersService(dataSource).create({ username: 'olena', role: 'agent', password: 'a-long-password', interface: 'PJSIP/1001' });
    expect(agent.username).toBe('olena');
  });
});

describe('start-up in demo mode (no AMI_HOST, embedded database)', async () => {
  const { dataSource } = await useTestDatabase();

  it('when the database is empty, then demo logins and history are created and the logins are printed', async () => {
    const { log } = recordingLog();
    const run = await prepareFirstRun(dataSource, { ami: null, databaseUrl: null }, { log, size: SMALL });
    expect(run.seeded).toBe(true);
    expect(await count(dataSource, 'users')).toBe(DEMO_USERS.length);
    expect(await count(dataSource, 'requests')).toBe(DEMO_REQUESTS);
    expect(run.lines.join('\n')).toContain('admin-demo');
  });

  it('when the same database is later started with AMI_HOST, then nothing is added and the open demo passwords are warned of', async () => {
    const { log, warnings } = recordingLog();
    const run = await prepareFirstRun(dataSource, { ami: PBX, databaseUrl: null }, { log });
    expect(run).toEqual({ seeded: false, lines: [] });
    expect(await count(dataSource, 'requests')).toBe(DEMO_REQUESTS);
    expect(warnings.join('\n')).toMatch(/published demo passwords/);
  });
});

describe('start-up on a database given by DATABASE_URL', async () => {
  const { dataSource, url } = await useTestDatabase();

  it('when it is empty and AMI_HOST is unset, then still no demo data, and the first-admin hint is printed', async () => {
    const { log } = recordingLog();
    const run = await prepareFirstRun(dataSource, { ami: null, databaseUrl: url }, { log, size: SMALL });
    expect(run.seeded).toBe(false);
    expect(await count(dataSource, 'users')).toBe(0);
    expect(run.lines.join('\n')).toContain(FIRST_ADMIN_COMMAND);
  });
});
