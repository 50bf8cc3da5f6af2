import { Worker } from 'node:worker_threads';
import { AppError } from '../http/errors';
import { mb } from './limits';
import type { Cell } from './rows';

/** A reader thread's rows, with what the caller needs to follow it and to stop it. */
export interface ReaderRows {
  rows: AsyncGenerator<Cell[]>;
  bytesRead(): number;
  close(): Promise<void>;
}

interface ReaderError {
  message: string;
  code?: string;
  limit?: number;
}
type WorkerMessage = { rows: Cell[][]; bytesRead: number } | { done: true } | { error: ReaderError };

let running = 0;
/** Reader threads alive in this process (a client that left must leave none behind). */
export const activeReaders = (): number => running;

/**
 * Starts a reader worker (csv-worker.mjs, xlsx-worker.mjs). Whatever ends it — the file's fault, a limit, its
 * heap exhausted — becomes an error of the import, never of the process.
 */
export function startReader(file: 'csv-worker.mjs' | 'xlsx-worker.mjs', workerData: Record<string, unknown>, heapMb: number): ReaderRows {
  const worker = new Worker(new URL(`./${file}`, import.meta.url), {
    workerData: { batch: 200, ahead: 2, ...workerData },
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: heapMb },
  });
  running++;
  let exited = false;
  const gone = new Promise<void>((resolve) => worker.once('exit', () => {
    if (!exited) running--;
    exited = true;
    resolve();
  }));
  let bytesRead = 0;
  const inbox: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  const deliver = (m: WorkerMessage) => {
    inbox.push(m);
    wake?.();
  };
  worker.on('message', deliver);
  worker.on('error', (e: Error & { code?: string }) => deliver({ error: { message: e.message, code: e.code, limit: heapMb } }));
  // A worker that ends without saying done (terminated, out of memory) must not leave the reader waiting.
  worker.on('exit', (code) => deliver({ error: { message: `The file's reader stopped (exit code ${code}).`, code: 'READER_EXIT' } }));
  const close = async () => {
    await worker.terminate();
    await gone;
  };
  async function* rows(): AsyncGenerator<Cell[]> {
    try {
      for (;;) {
        while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const m = inbox.shift()!;
        if ('error' in m) throw readerError(m.error);
        if ('done' in m) return;
        bytesRead = m.bytesRead;
        worker.postMessage('more');
        yield* m.rows;
      }
    } finally {
      await close();
    }
  }
  return { rows: rows(), bytesRead: () => bytesRead, close };
}

/** The reader's failures in the answer's words: the file's fault is a 400, a limit a 413; the rest stays a 500. */
function readerError({ message, code, limit }: ReaderError): Error {
  if (code?.startsWith('CSV_')) return new AppError(400, 'unreadable_file', `The file cannot be read as CSV: ${message}`, { file: message });
  if (code === 'ZIP_TOO_LARGE') {
    return new AppError(413, 'inflated_too_large', `The workbook unpacks to more than ${mb(limit!)}, the limit; save it as CSV or split it.`, { file: `unpacks to more than ${mb(limit!)}` });
  }
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new AppError(413, 'reader_out_of_memory', `Reading the file needed more than ${limit} MB of memory, the limit; save it as CSV or split it.`, { file: `needs more than ${limit} MB to read` });
  }
  if (code === 'ZIP_UNREADABLE' || code === 'XLSX_UNREADABLE' || code === 'READER_EXIT') {
    return new AppError(400, 'unreadable_file', `The file cannot be read: ${message}`, { file: message });
  }
  return Object.assign(new Error(message), { code });
}
