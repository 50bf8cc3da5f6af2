import type { DataSource } from 'typeorm';
import { createAuditService } from '../audit/audit.service';
import { AppError } from '../http/errors';
import type { UserPatch } from '../users/users.schemas';
import { createUsersService, type UserActor } from '../users/users.service';
import type { parseArgs } from './args';
import { text } from './args';

type Args = ReturnType<typeof parseArgs>;
const CLI: UserActor = { user: null, via: 'cli' };
const service = (ds: DataSource) => createUsersService(ds, { audit: createAuditService(ds) });

/** `none` clears a field at the command line, where an empty value is easy to mistype. */
const clearable = (v: unknown): string | null | undefined => {
  const s = text(v);
  return s === undefined ? undefined : s === 'none' ? null : s;
};

function usernameOf(args: Args): string {
  const name = text(args.username);
  if (!name) throw new AppError(400, 'invalid_input', 'Name the user with --username.');
  return name;
}

/** One user per line, tab-separated: id, username, role, active, interface, executor, full name. */
export async function usersList(ds: DataSource, args: Args): Promise<void> {
  const { items, total } = await service(ds).list({ role: text(args.role), active: text(args.active), q: text(args.q), pageSize: 200 });
  for (const u of items) {
    process.stdout.write(`${[u.id, u.username, u.role, u.active ? 'active' : 'inactive', u.interface ?? '-', u.executorCode ?? '-', u.fullName].join('\t')}\n`);
  }
  if (total > items.length) process.stdout.write(`… ${total - items.length} more; narrow with --role, --active or --q\n`);
}

export async function usersUpdate(ds: DataSource, args: Args): Promise<void> {
  const users = service(ds);
  const user = await users.byUsername(usernameOf(args));
  const patch: UserPatch = {};
  if (text(args.role)) patch.role = text(args.role) as UserPatch['role'];
  if (text(args['full-name']) !== undefined) patch.fullName = text(args['full-name']);
  for (const key of ['interface', 'phone', 'executor'] as const) {
    const value = clearable(args[key]);
    if (value !== undefined) patch[key] = value;
  }
  const updated = await users.update(user.id, patch, CLI);
  process.stdout.write(`updated user ${updated.username} (role ${updated.role}, interface ${updated.interface ?? '-'})\n`);
}

export async function usersDeactivate(ds: DataSource, args: Args): Promise<void> {
  const users = service(ds);
  const user = await users.byUsername(usernameOf(args));
  await users.deactivate(user.id, CLI);
  process.stdout.write(`deactivated user ${user.username}; their sessions are closed\n`);
}

export async function usersReactivate(ds: DataSource, args: Args): Promise<void> {
  const users = service(ds);
  const user = await users.byUsername(usernameOf(args));
  await users.reactivate(user.id, CLI);
  process.stdout.write(`reactivated user ${user.username}; give them an interface with users update if they take calls\n`);
}
