import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseArgs } from '../../server/cli/args';
import { usersDeactivate, usersList, usersUpdate } from '../../server/cli/users-commands';
import { createUsersService } from '../../server/users/users.service';
import { useTestDatabase } from '../setup/database';

/** Runs a CLI command's function on the test database and returns what it printed. */
async function run(fn: (ds: never, args: ReturnType<typeof parseArgs>) => Promise<void>, ds: unknown, argv: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await fn(ds as never, parseArgs(argv));
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

describe('the users CLI', async () => {
  const db = await useTestDatabase();
  const users = createUsersService(db.dataSource);
  await users.create({ username: 'boss', role: 'admin', password: 'long-enough-1' });
  await users.create({ username: 'olena', role: 'agent', fullName: 'Олена Коваль', interface: 'PJSIP/1001', password: 'long-enough-1' });
  afterEach(() => vi.restoreAllMocks());

  it('when users are listed by role, then one line per user names them, their state and interface', async () => {
    const printed = await run(usersList, db.dataSource, ['--role', 'agent']);
    expect(printed.trim().split('\n')).toEqual([expect.stringMatching(/^\d+\tolena\tagent\tactive\tPJSIP\/1001\t-\tОлена Коваль$/)]);
  });

  it('when a user is updated, then the fields change, `none` clears one, and the change is audited as the command line', async () => {
    await run(usersUpdate, db.dataSource, ['--username', 'olena', '--interface', 'none', '--phone', '0671234567']);
    const after = await users.byUsername('olena');
    expect(after).toMatchObject({ interface: null, phone: '+380671234567' });
    const [line] = await db.dataSource.query(`SELECT user_id, action, detail FROM audit_log WHERE entity = 'user' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [String(after.id)]);
    expect(line).toMatchObject({ user_id: null, action: 'update', detail: { via: 'cli' } });
  });

  it('when the last admin is deactivated from the command line, then it is refused; another user is deactivated', async () => {
    await expect(run(usersDeactivate, db.dataSource, ['--username', 'boss'])).rejects.toMatchObject({ code: 'last_admin' });
    expect(await run(usersDeactivate, db.dataSource, ['--username', 'olena'])).toContain('deactivated user olena');
    expect((await users.byUsername('olena')).active).toBe(false);
  });
});
