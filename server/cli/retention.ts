import type { DataSource } from 'typeorm';
import { createAuditService } from '../audit/audit.service';
import { runRetention } from '../retention/retention.service';

type WithDatabase = <T>(fn: (ds: DataSource) => Promise<T>) => Promise<T>;

/** `retention run`: the daily job now, from the command line; each citizen is a line on stderr as it is done. */
export async function retentionRun(withDatabase: WithDatabase): Promise<number> {
  const outcome = await withDatabase((ds) => runRetention(ds, createAuditService(ds), {
    trigger: 'cli', node: 'cli',
    onCitizen: (id, what) => process.stderr.write(`citizen ${id}: ${what}\n`),
  }));
  if ('busy' in outcome) {
    process.stderr.write('another retention run holds the lock; try again when it ends\n');
    return 1;
  }
  const r = outcome.ran;
  const deleted = Object.entries(r.deleted).map(([k, n]) => `${k} ${n}`).join(', ');
  process.stdout.write(`retention run ${r.id} ${r.status}${r.resumed ? ' (finished an interrupted run)' : ''}: anonymised ${r.anonymised}, held ${r.held}; deleted ${deleted}\n`);
  return 0;
}
