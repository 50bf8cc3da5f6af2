import { open, stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { IMPORT_LIMITS, type ImportLimits } from './limits';
import { startReader, type ReaderRows } from './reader-worker';
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

export async function openRecords(path: string, limits: ImportLimits = IMPORT_LIMITS): Promise<FileRecords> {
  const total = (await stat(path)).size;
  const handle = await open(path, 'r');
  const head = Buffer.alloc(Math.min(PEEK, total));
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x50 && head[1] === 0x4b) {
    const reader = startReader('xlsx-worker.mjs', { path, maxInflatedBytes: limits.maxInflatedBytes }, limits.xlsxHeapMb);
    return records(reader, total, null, null, (cells) => cells.map((c) => String(c ?? '')));
  }
  const encoding = detectEncoding(head);
  const firstLine = iconv.decode(head, encoding).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  const delimiter = detectDelimiter(firstLine);
  // A parser needs little memory: a small heap of its own keeps the import's footprint what it was in one thread.
  const reader = startReader('csv-worker.mjs', { path, encoding, delimiter, maxRecordChars: limits.maxRecordChars }, 64);
  return records(reader, total, encoding, delimiter, (cells) => cells as string[]);
}

async function records(reader: ReaderRows, total: number, encoding: string | null, delimiter: string | null, header: (cells: Cell[]) => string[]): Promise<FileRecords> {
  try {
    const first = await reader.rows.next();
    return {
      encoding, delimiter, header: first.done ? [] : header(first.value),
      rows: { [Symbol.asyncIterator]: () => reader.rows },
      progress: () => ({ done: reader.bytesRead(), total }),
      close: reader.close,
    };
  } catch (e) {
    await reader.close();
    throw e;
  }
}
