import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { AppError } from '../http/errors';
import { fillExecutorSearch } from '../requests/executor-search';
import { openRecords, type FileRecords } from './file-records';
import { FORMATS, matchHeaders, type ImportFormat } from './formats';
import { createImportsRepository } from './imports.repository';
import { createNewRequestsWriter } from './new-requests.repository';
import { mayWriteWithoutTriggers } from './without-triggers';
import { loadReferenceData } from './reference-data';
import { readRow, type Cell, type ImportRow, type RowError } from './rows';
import { createStaging, type Staging } from './staging.repository';

export interface ImportRequest {
  format: ImportFormat;
  path: string;
  fileName: string;
  addressee?: string;
  dryRun: boolean;
  actor: { userId: number | null; name: string };
  onProgress?: (step: string, done: number, total: number) => void;
  /** Each step's wall time once it ends (the benchmark prints them). */
  onPhase?: (phase: string, ms: number) => void;
}

export interface ImportSummary {
  id: number;
  format: ImportFormat;
  fileName: string;
  fileHash: string;
  dryRun: boolean;
  outcome: 'imported' | 'rejected' | 'dry_run';
  total: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  unclassified: number;
  /** Every bad cell (row, column, why); the import record keeps the first thousand. */
  errors: RowError[];
  unmapped: { text: string; count: number }[];
}

/** Rows per write to the COPY stream: big enough to cost little per write, small enough to die young. */
const BATCH = 500;

type Phase = <T>(name: string, step: () => Promise<T>) => Promise<T>;

/** Runs a step and reports its wall time to `onPhase`. */
function phases(onPhase: ImportRequest['onPhase']): Phase {
  return async (name, step) => {
    const t0 = performance.now();
    try {
      return await step();
    } finally {
      onPhase?.(name, performance.now() - t0);
    }
  };
}

/** sha256 of the file, read as a stream. */
export async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Imports one file in one transaction: rows stream into a staging table, then set-based statements write
 * requests, applicants and the timeline. Any bad row rejects the whole file (every bad row is listed); a dry
 * run does all the work and rolls it back. The import record is written either way.
 */
export async function runImport(dataSource: DataSource, req: ImportRequest): Promise<ImportSummary> {
  const startedAt = new Date();
  const spec = FORMATS[req.format];
  const hash = await fileHash(req.path);
  const addressee = req.addressee ?? 'city_leadership';
  const q = dataSource.createQueryRunner();
  // The driver's own client as well: COPY, which the file's rows are staged with, is not part of TypeORM's API.
  const client = (await q.connect()) as PoolClient;
  let file: FileRecords | undefined;
  try {
    const ref = await loadReferenceData(q);
    if (!ref.addressees.has(addressee)) throw new AppError(400, 'invalid_input', `No addressee has the code ${addressee}.`, { addressee: 'unknown addressee' });
    file = await openRecords(req.path);
    const { index, missing } = matchHeaders(spec, file.header);
    if (missing.length) {
      throw new AppError(400, 'missing_columns', `The file has no column ${missing.map((m) => `"${m}"`).join(', ')}.`, { file: `missing column: ${missing.join(', ')}` });
    }
    await q.startTransaction();
    // An import is a batch job bounded by its file, not an interactive statement: the pool's 15 s limit is lifted.
    await q.query('SET LOCAL statement_timeout = 0');
    // The search indexes (GIN) take the new rows into their pending lists and merge them in larger steps.
    await q.query(`SET LOCAL gin_pending_list_limit = '32MB'`);
    // Its sorts and hashes span the whole file (100,000 rows are tens of MB): in memory, not spilled to disk.
    await q.query(`SET LOCAL work_mem = '64MB'`);
    const staging = createStaging(q, client);
    await staging.create();
    const phase = phases(req.onPhase);
    const parse: Parse = (cells, row) => readRow(spec, index, cells, row, ref, addressee);
    const records = file;
    const { total, errors } = await phase('read + stage rows', () => stageRows(records, staging, parse, req.onProgress));
    const summary = await merge(q, staging, req, { total, errors, hash }, phase);
    const base = { format: req.format, fileName: req.fileName, fileHash: hash, dryRun: req.dryRun };
    await phase('commit', () => (summary.outcome === 'imported' ? q.commitTransaction() : q.rollbackTransaction()));
    const full = { ...base, ...summary };
    const repo = createImportsRepository(q);
    const id = summary.id ?? (await repo.record(full, req.actor.userId, req.actor.name, startedAt));
    return { ...full, id };
  } catch (e) {
    if (q.isTransactionActive) await q.rollbackTransaction();
    throw e;
  } finally {
    await file?.close();
    await q.release();
  }
}

type Parse = (cells: Cell[], row: number) => { value: ImportRow | null; errors: RowError[] };

async function stageRows(file: FileRecords, staging: Staging, parse: Parse, onProgress?: ImportRequest['onProgress']) {
  const errors: RowError[] = [];
  let batch: ImportRow[] = [];
  let total = 0;
  // The database takes the rows while the next ones are parsed; `add` waits only when the connection is full.
  const copy = staging.open();
  try {
    for await (const cells of file.rows) {
      if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) continue;
      total++;
      const { value, errors: rowErrors } = parse(cells, total + 1);
      if (value && errors.length === 0) batch.push(value);
      errors.push(...rowErrors);
      if (batch.length >= BATCH) {
        await copy.add(batch);
        batch = [];
        const p = file.progress();
        onProgress?.('rows', p.done, p.total);
      }
    }
    // Once a row is bad the file is rejected: later rows are still read (to list their errors) but not staged.
    if (errors.length === 0) await copy.add(batch);
  } catch (e) {
    await copy.abort(e as Error);
    throw e;
  }
  await copy.end();
  const p = file.progress();
  onProgress?.('rows', p.total, p.total);
  return { total, errors };
}

async function merge(q: QueryRunner, staging: Staging, req: ImportRequest, r: { total: number; errors: RowError[]; hash: string }, phase: Phase) {
  const rejected = new Set(r.errors.map((e) => e.row)).size;
  const base = { total: r.total, rejected, errors: r.errors, unmapped: [] as { text: string; count: number }[], id: undefined as number | undefined };
  if (rejected > 0) return { ...base, outcome: 'rejected' as const, new: 0, updated: 0, unchanged: 0, unclassified: 0 };
  const superseded = await phase('keep last of each number', () => staging.keepLastOfEachNumber());
  await phase('match existing', () => staging.matchExisting());
  const c = await staging.counts();
  const outcome = req.dryRun ? ('dry_run' as const) : ('imported' as const);
  const summary = { ...base, outcome, new: c.fresh, updated: c.changed, unchanged: c.same + superseded, unclassified: c.unclassified, unmapped: await staging.unmapped() };
  const repo = createImportsRepository(q);
  const id = await repo.record({ format: req.format, fileName: req.fileName, fileHash: r.hash, dryRun: req.dryRun, ...summary }, req.actor.userId, req.actor.name, new Date());
  await phase('update existing', () => staging.updateExisting(id, req.actor.userId));
  const writer = createNewRequestsWriter(q, { skipTriggers: await mayWriteWithoutTriggers(q) });
  await phase('plan new requests', () => writer.plan());
  await phase('lock references', () => writer.lockReferencedKeys(req.actor.userId));
  req.onProgress?.('applicants', 0, 1);
  await phase('applicants', () => writer.applicants());
  req.onProgress?.('applicants', 1, 1);
  await phase('numbers', () => writer.numbers());
  await phase('requests + timeline', () => writer.insert(id, req.actor.userId, req.format, (done, all) => req.onProgress?.('requests', done, all)));
  // Confidential applicants' requests are searched by executors as they read them (their home without the flat).
  const confidential = await writer.confidentialApplicants();
  if (confidential.length) await phase('confidential applicants', () => fillExecutorSearch(q, confidential));
  // A dry run rolls all of this back, its record with it; the caller records it again outside the transaction.
  return { ...summary, id: req.dryRun ? undefined : id };
}
