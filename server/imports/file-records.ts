import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { open, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../http/errors';
import type { Cell } from './rows';

/** The rows of a file, header first, read as a stream: memory stays bounded whatever the file's size. */
export interface FileRecords {
  encoding: string | null;
  delimiter: string | null;
  header: string[];
  rows: AsyncIterable<Cell[]>;
  /** Bytes of the file read so far and in all, for a progress bar. */
  progress(): { done: number; total: number };
  /** Stops reading (a file refused before its rows are read must not keep its reader). */
  close(): Promise<void>;
}

const PEEK = 64 * 1024;

/** UTF-8 with or without a BOM, else windows-1251 (1545 exports are often saved by Excel in the local code page). */
export function detectEncoding(head: Buffer): 'utf8' | 'win1251' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  try {
    // `stream: true` keeps a character cut at the end of the sample from counting as invalid.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf8';
  } catch {
    return 'win1251';
  }
}

/** `;` or `,`, whichever the header line has more of outside quotes. */
export function detectDelimiter(firstLine: string): ';' | ',' {
  const bare = firstLine.replace(/"[^"]*"/g, '');
  return (bare.match(/,/g)?.length ?? 0) > (bare.match(/;/g)?.length ?? 0) ? ',' : ';';
}

export async function openRecords(path: string): Promise<FileRecords> {
  const total = (await stat(path)).size;
  const handle = await open(path, 'r');
  const head = Buffer.alloc(Math.min(PEEK, total));
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x50 && head[1] === 0x4b) return openXlsx(path, total);
  return openCsv(path, total, head);
}

async function openCsv(path: string, total: number, head: Buffer): Promise<FileRecords> {
  const encoding = detectEncoding(head);
  const firstLine = iconv.decode(head, encoding).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  const delimiter = detectDelimiter(firstLine);
  // A parser needs little memory: a small heap of its own keeps the import's footprint what it was in one thread.
  const worker = new Worker(new URL('./csv-worker.mjs', import.meta.url), {
    workerData: { path, encoding, delimiter, batch: 200, ahead: 2 },
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  });
  let bytesRead = 0;
  const iterator = rowsOf(worker, (n) => (bytesRead = n));
  const first = await iterator.next();
  const header = first.done ? [] : first.value;
  return {
    encoding, delimiter, header,
    rows: { [Symbol.asyncIterator]: () => iterator },
    progress: () => ({ done: bytesRead, total }),
    close: async () => void (await worker.terminate()),
  };
}

/** csv-parse's own errors (a quote never closed, …) are the file's fault: 400 with the parser's words and line. */
function readError({ message, code }: { message: string; code?: string }): Error {
  if (code?.startsWith('CSV_')) return new AppError(400, 'unreadable_file', `The file cannot be read as CSV: ${message}`, { file: message });
  return Object.assign(new Error(message), { code });
}

type WorkerMessage = { rows: string[][]; bytesRead: number } | { done: true } | { error: { message: string; code?: string } };

/** The rows the CSV worker sends, one at a time; each batch taken asks it for one more. */
async function* rowsOf(worker: Worker, onBytes: (n: number) => void): AsyncGenerator<string[]> {
  const inbox: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  const deliver = (m: WorkerMessage) => {
    inbox.push(m);
    wake?.();
  };
  worker.on('message', deliver);
  worker.on('error', (e) => deliver({ error: { message: e.message } }));
  // A worker that ends without saying done (terminated, out of memory) must not leave the reader waiting.
  worker.on('exit', (code) => deliver({ error: { message: `The CSV reader stopped (exit code ${code}).` } }));
  try {
    for (;;) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const m = inbox.shift()!;
      if ('error' in m) throw readError(m.error);
      if ('done' in m) return;
      onBytes(m.bytesRead);
      worker.postMessage('more');
      yield* m.rows;
    }
  } finally {
    await worker.terminate();
  }
}

async function openXlsx(path: string, total: number): Promise<FileRecords> {
  const file = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  async function* sheetRows(): AsyncGenerator<Cell[]> {
    for await (const sheet of reader) {
      for await (const row of sheet) yield (row.values as unknown[]).slice(1).map(cellValue);
      return; // the first sheet only
    }
  }
  const iterator = sheetRows();
  const first = await iterator.next();
  const header = first.done ? [] : first.value.map((c) => String(c ?? ''));
  return {
    encoding: null, delimiter: null, header, rows: { [Symbol.asyncIterator]: () => iterator }, progress: () => ({ done: file.bytesRead, total }),
    close: async () => void file.destroy(),
  };
}

/** Rich text, hyperlinks and formulas reduced to what the cell shows. */
function cellValue(v: unknown): Cell {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v as Cell;
  if (typeof v === 'boolean') return String(v);
  const o = v as { richText?: { text: string }[]; text?: string; result?: unknown };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if (o.text !== undefined) return String(o.text);
  if (o.result !== undefined) return cellValue(o.result);
  return String(v);
}
