import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { AppError } from '../http/errors';
import { withReason } from './row-reasons';
import { fillExecutorSearch } from '../requests/executor-search';
import { isExternalNumberTaken } from '../requests/external-number';
import { openRecords, type FileRecords } from './file-records';
import { FORMATS, matchHeaders, type ImportFormat } from './formats';
import { createImportsRepository } from './imports.repository';
import { IMPORT_LIMITS, type ImportLimits } from './limits';
import { createNewRequestsWriter } from './new-requests.repository';
import { mayWriteWithoutTriggers } from './without-triggers';
import { loadReferenceData } from './reference-data';
import { badCells, readRow, type Cell, type ImportRow, type RowError } from './rows';
import { createStaging, type Staging } from './staging.repository';

export interface ImportRequest {
  format: ImportFormat;
  path: string;
  fileName: string;
  /** The file's sha256 when the caller took it already (an upload hashes as it arrives). */
  fileHash?: string;
  addressee?: string;
  dryRun: boolean;
  actor: { userId: number | null; name: string };
  onProgress?: (step: string, done: number, total: number) => void;
  /** Each step's wall time once it ends (the benchmark prints them). */
  onPhase?: (phase: string, ms: number) => void;
  /** Lower limits than IMPORT_LIMITS (tests reach them with small files). */
  limits?: Partial<ImportLimits>;
  /** Aborted when whoever asked for the import is gone (the client disconnected): the import stops, nothing is written. */
  signal?: AbortSignal;
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
  /** The bad cells (row, column, why), at most `maxErrors` (1,000); the import record keeps them. */
  errors: RowError[];
  /** Problems found past those listed, in the rows read before reading stopped. */
  moreErrors: number;
  /** The row reading stopped at once `maxErrors` problems were found (later rows were not checked); null = read to the end. */
  stoppedAtRow: number | null;
  unmapped: { text: string; count: number }[];
}

/** Rows per write to the COPY stream: big enough to cost little per write, small enough to die young. */
const BATCH = 500;

type Phase = <T>(name: string, step: () => Promise<T>) => Promise<T>;

/** Runs a step and reports its wall time to `onPhase`; a client gone meanwhile stops the import before the next. */
function phases({ onPhase, signal }: ImportRequest): Phase {
  return async (name, step) => {
    if (signal?.aborted) throw clientGone();
    const t0 = performance.now();
    try {
      return await step();
    } finally {
      onPhase?.(name, performance.now() - t0);
    }
  };
}

/**
 * The memory of each of the import's sorts and hashes, in MB: about the file's size, from 64 to 256 MB. Its
 * plans sort and hash every row of the file (at 300,000 rows a sort took 49 MB, a hash 57 MB): at 64 MB a year's
 * file (1.2 M rows, 273 MB) spilled them to disk. PostgreSQL's memory, for the length of one import.
 */
export function importWorkMem(fileBytes: number): number {
  return Math.min(256, Math.max(64, Math.ceil(fileBytes / 1024 / 1024)));
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
  const limits = { ...IMPORT_LIMITS, ...req.limits };
  const spec = FORMATS[req.format];
  const hash = req.fileHash ?? (await fileHash(req.path));
  const addressee = req.addressee ?? 'city_leadership';
  const q = dataSource.createQueryRunner();
  // The driver's own client as well: COPY, which the file's rows are staged with, is not part of TypeORM's API.
  const client = (await q.connect()) as PoolClient;
  let file: FileRecords | undefined;
  try {
    const ref = await loadReferenceData(q);
    if (!ref.addressees.has(addressee)) throw new AppError(400, 'invalid_input', `No addressee has the code ${addressee}.`, { addressee: 'unknown addressee' });
    file = await openRecords(req.path, limits);
    const { index, missing } = matchHeaders(spec, file.header);
    if (missing.length) {
      throw new AppError(400, 'missing_columns', `The file has no column ${missing.map((m) => `"${m}"`).join(', ')}.`, { file: `missing column: ${missing.join(', ')}` });
    }
    await q.startTransaction();
    // An import is a batch job bounded by its file, not an interactive statement: the pool's 15 s limit is lifted.
    await q.query('SET LOCAL statement_timeout = 0');
    // The search indexes (GIN) take the new rows into their pending lists and merge them in larger steps.
    await q.query(`SET LOCAL gin_pending_list_limit = '32MB'`);
    // Its sorts and hashes span the whole file: in memory, not spilled to disk (see importWorkMem).
    await q.query(`SET LOCAL work_mem = '${importWorkMem((await stat(req.path)).size)}MB'`);
    const staging = createStaging(q, client);
    await staging.create();
    const phase = phases(req);
    const parse: Parse = (cells, row) => {
      const bad = badCells(spec, index, cells, row, limits.maxCellChars);
      return bad.length ? { value: null, errors: bad } : readRow(spec, index, cells, row, ref, addressee);
    };
    const records = file;
    const read = await phase('read + stage rows', () => stageRows(records, staging, parse, { ...req, maxErrors: limits.maxErrors }));
    const summary = await merge(q, staging, req, { ...read, hash }, phase);
    const base = { format: req.format, fileName: req.fileName, fileHash: hash, dryRun: req.dryRun };
    await phase('commit', () => (summary.outcome === 'imported' ? q.commitTransaction() : q.rollbackTransaction()));
    const full = { ...base, ...summary };
    const repo = createImportsRepository(q);
    const id = summary.id ?? (await repo.record(full, req.actor.userId, req.actor.name, startedAt));
    return { ...full, id };
  } catch (e) {
    if (q.isTransactionActive) await q.rollbackTransaction();
    throw numberTaken(e) ?? e;
  } finally {
    await file?.close();
    await q.release();
  }
}

/** A request typed in by hand with one of the file's numbers after the import matched them (imports wait for each other). */
function numberTaken(e: unknown): AppError | null {
  if (!isExternalNumberTaken(e)) return null;
  return new AppError(409, 'external_number_taken', 'A request with one of the file\'s numbers was registered while it was imported; nothing was written, import it again.');
}

type Parse = (cells: Cell[], row: number) => { value: ImportRow | null; errors: RowError[] };

/** The client left: the import stops where it is and rolls back. Nobody reads this answer; the log does. */
export const clientGone = () => new AppError(499, 'client_closed_request', 'The client disconnected; the import was stopped and nothing was written.');

type StageOptions = Pick<ImportRequest, 'onProgress' | 'signal'> & { maxErrors: number };

async function stageRows(file: FileRecords, staging: Staging, parse: Parse, { onProgress, signal, maxErrors }: StageOptions) {
  const errors: RowError[] = [];
  let found = 0;
  let rejected = 0;
  let stoppedAtRow: number | null = null;
  let batch: ImportRow[] = [];
  let total = 0;
  // The database takes the rows while the next ones are parsed; `add` waits only when the connection is full.
  const copy = staging.open();
  try {
    for await (const cells of file.rows) {
      if (signal?.aborted) throw clientGone();
      if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) continue;
      total++;
      const { value, errors: rowErrors } = parse(cells, total + 1);
      if (value && found === 0) batch.push(value);
      if (rowErrors.length) rejected++;
      found += rowErrors.length;
      errors.push(...rowErrors.slice(0, maxErrors - errors.length).map(withReason));
      // A file this bad is rejected whatever its other rows say: reading on would only cost time and memory.
      if (found >= maxErrors) {
        stoppedAtRow = total + 1;
        break;
      }
      if (batch.length >= BATCH) {
        await copy.add(batch);
        batch = [];
        const p = file.progress();
        onProgress?.('rows', p.done, p.total);
      }
    }
    // Once a row is bad the file is rejected: later rows are still read (to list their errors) but not staged.
    if (found === 0) await copy.add(batch);
  } catch (e) {
    await copy.abort(e as Error);
    throw e;
  }
  await copy.end();
  const p = file.progress();
  onProgress?.('rows', p.total, p.total);
  return { total, errors, rejected, moreErrors: found - errors.length, stoppedAtRow };
}

type ReadResult = Awaited<ReturnType<typeof stageRows>> & { hash: string };

async function merge(q: QueryRunner, staging: Staging, req: ImportRequest, r: ReadResult, phase: Phase) {
  const base = {
    total: r.total, rejected: r.rejected, errors: r.errors, moreErrors: r.moreErrors, stoppedAtRow: r.stoppedAtRow,
    unmapped: [] as { text: string; count: number }[], id: undefined as number | undefined,
  };
  if (r.rejected > 0) return { ...base, outcome: 'rejected' as const, new: 0, updated: 0, unchanged: 0, unclassified: 0 };
  const superseded = await phase('keep last of each number', () => staging.keepLastOfEachNumber());
  await phase('wait for imports of the same source', () => staging.lockSources());
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
