import type { DataSource } from 'typeorm';
import { createAuditService } from '../audit/audit.service';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import { createApiKeysService } from '../open311/api-keys.service';
import { apiKeyInputSchema } from '../open311/open311.schemas';
import { text, type parseArgs } from './args';

type Args = ReturnType<typeof parseArgs>;
const CLI = { userId: null, via: 'cli' as const };
const service = (ds: DataSource) => createApiKeysService(ds, createAuditService(ds));

function nameOf(args: Args): string {
  const name = text(args.name);
  if (!name) throw new AppError(400, 'invalid_input', 'Name the key with --name NAME.');
  return name;
}

/** Makes a key; the key itself is printed alone on the last line (a script takes `tail -n 1`), and shown only now. */
export async function apiKeysAdd(ds: DataSource, args: Args): Promise<void> {
  const rate = text(args['rate-per-minute']);
  if (rate !== undefined && !/^\d+$/.test(rate)) throw new AppError(400, 'invalid_input', '--rate-per-minute takes a whole number.', { 'rate-per-minute': rate });
  const input = parse(apiKeyInputSchema, { name: nameOf(args), ...(rate ? { ratePerMinute: Number(rate) } : {}) });
  const made = await service(ds).create(input, CLI);
  process.stdout.write(`created API key "${made.name}" (id ${made.id}, ${made.ratePerMinute} requests a minute); it is shown only now:\n${made.key}\n`);
}

/** One key per line, tab-separated: id, name, prefix, rate a minute, state, created, last used. */
export async function apiKeysList(ds: DataSource): Promise<void> {
  for (const k of await service(ds).list()) {
    const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
    process.stdout.write(`${[k.id, k.name, `${k.prefix}…`, `${k.ratePerMinute}/min`, state, k.createdAt, k.lastUsedAt ?? '-'].join('\t')}\n`);
  }
}

export async function apiKeysRevoke(ds: DataSource, args: Args): Promise<void> {
  const revoked = await service(ds).revokeByName(nameOf(args), CLI);
  process.stdout.write(`revoked API key "${revoked.name}" (id ${revoked.id}); requests with it are refused from now on\n`);
}
