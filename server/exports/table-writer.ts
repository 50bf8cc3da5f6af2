import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { csvCell, type CellValue } from './csv-cell';

export type ExportFormat = 'csv' | 'xlsx';
export type { CellValue };

export interface ExportColumn<R> {
  header: string;
  value(row: R): CellValue;
  width?: number;
}

/**
 * Writes rows as they arrive: CSV in UTF-8 with a BOM and `;` (so Excel opens Ukrainian text right in a
 * Ukrainian locale), or XLSX through exceljs's streaming writer. Returns how many rows were written.
 */
export async function writeTable<R>(res: Response, format: ExportFormat, name: string, columns: ExportColumn<R>[], batches: AsyncIterable<R[]>): Promise<number> {
  const stamp = new Date().toISOString().slice(0, 10);
  res.attachment(`${name}-${stamp}.${format}`);
  return format === 'csv' ? writeCsv(res, columns, batches) : writeXlsx(res, columns, batches);
}

async function writeCsv<R>(res: Response, columns: ExportColumn<R>[], batches: AsyncIterable<R[]>): Promise<number> {
  res.type('text/csv; charset=utf-8');
  res.write(`\uFEFF${columns.map((c) => csvCell(c.header)).join(';')}\r\n`);
  let n = 0;
  for await (const rows of batches) {
    const text = rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(';')).join('\r\n');
    n += rows.length;
    if (!res.write(`${text}\r\n`)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
  return n;
}

async function writeXlsx<R>(res: Response, columns: ExportColumn<R>[], batches: AsyncIterable<R[]>): Promise<number> {
  res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('export');
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  let n = 0;
  for await (const rows of batches) {
    for (const r of rows) ws.addRow(columns.map((c) => c.value(r) ?? null)).commit();
    n += rows.length;
  }
  ws.commit();
  await wb.commit();
  return n;
}
