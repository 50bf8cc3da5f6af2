// Reads the first sheet of an XLSX in a worker thread with a heap of its own: exceljs keeps every shared
// string in memory, and a workbook that needs more than that heap ends this thread, not the server.
// The zip is proven first (zip-guard.mjs): what it unpacks to is within the limit before exceljs sees it.
import { createReadStream } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { createOutbox } from './worker-outbox.mjs';
import { checkZip } from './zip-guard.mjs';

const { path, batch, ahead, maxInflatedBytes } = workerData;
const outbox = createOutbox(ahead);

/** Rich text, hyperlinks and formulas reduced to what the cell shows; only what a message can carry. */
function cellValue(v) {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v ?? null;
  if (typeof v === 'boolean') return String(v);
  if (v.richText) return v.richText.map((r) => r.text).join('');
  if (v.text !== undefined) return String(v.text);
  if (v.result !== undefined) return cellValue(v.result);
  if (v.error !== undefined) return String(v.error);
  return String(v);
}

try {
  await checkZip(path, maxInflatedBytes);
  // Loaded only once the zip passed: exceljs is seconds of module loading on a busy machine, and a bomb needs none.
  const { default: ExcelJS } = await import('exceljs');
  const file = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  let rows = [];
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.push(Array.from(values, cellValue));
      if (rows.length >= batch) {
        await outbox.send(rows, file.bytesRead);
        rows = [];
      }
    }
    break; // the first sheet only
  }
  await outbox.send(rows, file.bytesRead);
  outbox.done();
} catch (e) {
  // exceljs's own errors (bad XML, a missing part) are the file's; a system error (EIO, ENOENT) keeps its code.
  outbox.fail(Object.assign(e, { code: e.code ?? 'XLSX_UNREADABLE' }));
}
