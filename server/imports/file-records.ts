import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Cell } from './rows';

/** The rows of a file, header first, read as a stream: memory stays bounded whatever the file's size. */
export interface FileRecords {
  encoding: string | null;
  delimiter: string | null;
  header: string[];
  rows: AsyncIterable<Cell[]>;
  /** Bytes of the file read so far and in all, for a progress bar. */
  progress(): { done: number; total: number };
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
  const file = createReadStream(path);
  const parser = file.pipe(iconv.decodeStream(encoding)).pipe(
    parse({ delimiter, quote: '"', bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }),
  );
  file.on('error', (e) => parser.destroy(e));
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await iterator.next();
  const header = first.done ? [] : first.value;
  return {
    encoding, delimiter, header,
    rows: { [Symbol.asyncIterator]: () => iterator },
    progress: () => ({ done: file.bytesRead, total }),
  };
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
  return { encoding: null, delimiter: null, header, rows: { [Symbol.asyncIterator]: () => iterator }, progress: () => ({ done: file.bytesRead, total }) };
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
