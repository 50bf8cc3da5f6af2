import type { Writable } from 'node:stream';
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { room, streamDownload, writeWithRoom } from '../http/download-stream';
import { csvCell, type CellValue } from './csv-cell';

export type ExportFormat = 'csv' | 'xlsx';
export type { CellValue };

export interface ExportColumn<R> {
  header: string;
  value(row: R): CellValue;
  width?: number;
}

export interface WrittenTable {
  rows: number;
  /** False when the client went away or stalled before the end (the export stopped and let go of its cursor). */
  complete: boolean;
}

/**
 * Writes rows as they arrive: CSV in UTF-8 with a BOM and `;` (so Excel opens Ukrainian text right in a
 * Ukrainian locale), or XLSX through exceljs's streaming writer. The first batch is read before any byte is
 * sent, so a busy database is still a 503 in the error shape, not a cut file.
 */
export async function writeTable<R>(res: Response, format: ExportFormat, name: string, columns: ExportColumn<R>[], batches: AsyncIterable<R[]>): Promise<WrittenTable> {
  const iterator = batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  const rest = continued(first, iterator);
  const stamp = new Date().toISOString().slice(0, 10);
  res.attachment(`${name}-${stamp}.${format}`);
  res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  let rows = 0;
  const counted = async function* () {
    for await (const batch of rest) {
      rows += batch.length;
      yield batch;
    }
  };
  const { complete } = await streamDownload(res, (out) => (format === 'csv' ? writeCsv(out, columns, counted()) : writeXlsx(out, columns, counted())));
  return { rows, complete };
}

/** The batches again, the first one already read; whoever stops early closes the source (its cursor) too. */
async function* continued<R>(first: IteratorResult<R[]>, iterator: AsyncIterator<R[]>): AsyncGenerator<R[]> {
  try {
    for (let r = first; !r.done; r = await iterator.next()) yield r.value;
  } finally {
    await iterator.return?.();
  }
}

async function writeCsv<R>(out: Writable, columns: ExportColumn<R>[], batches: AsyncIterable<R[]>): Promise<void> {
  await writeWithRoom(out, `\uFEFF${columns.map((c) => csvCell(c.header)).join(';')}\r\n`);
  for await (const rows of batches) {
    const text = rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(';')).join('\r\n');
    await writeWithRoom(out, `${text}\r\n`);
  }
  out.end();
}

async function writeXlsx<R>(out: Writable, columns: ExportColumn<R>[], batches: AsyncIterable<R[]>): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('export');
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  for await (const rows of batches) {
    // Text stays a text cell (never a formula), so a value like `=HYPERLINK(…)` is shown, not run.
    for (const r of rows) ws.addRow(columns.map((c) => c.value(r) ?? null)).commit();
    // exceljs writes without backpressure: wait here until the reader has taken the batch.
    await room(out);
  }
  ws.commit();
  await wb.commit();
}
