import type { DataSource } from 'typeorm';
import { CONTRACT_MIGRATIONS } from '../../db/migrations/expand-contract';
import { schemaDifference } from '../startup/schema-check';

/**
 * `migrate --plan`: what `migrate` would run, in order, each marked expand (an older node keeps working while
 * and after it runs) or contract (every node must run this release first). Runs nothing.
 */
export async function migratePlan(dataSource: DataSource): Promise<string> {
  const { unknown, pending } = await schemaDifference(dataSource);
  if (unknown.length) return `the database has migrations this build does not know (${unknown.join(', ')}): it was migrated by a newer version\n`;
  if (!pending.length) return 'nothing to run: the database is migrated\n';
  const lines = pending.map((name) => `  ${name}  ${CONTRACT_MIGRATIONS.has(name) ? 'contract: stop every node of the previous release first' : 'expand: nodes of the previous release keep serving'}`);
  return `would run ${pending.length} migration(s):\n${lines.join('\n')}\n`;
}
