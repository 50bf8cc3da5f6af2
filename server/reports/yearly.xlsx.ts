import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CAPTIONS as C, fill } from './captions';
import { reportTables } from './report-tables';
import type { YearlyReport } from './yearly.service';

/** The report as a workbook, each table a sheet with its title above the header, streamed to `out`. */
export async function writeYearlyXlsx(report: YearlyReport, out: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  for (const table of reportTables(report)) {
    const ws = wb.addWorksheet(table.sheet, { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1 } });
    ws.columns = table.header.map((_, i) => ({ width: i === 0 ? 48 : 14 }));
    const title = ws.addRow([i18nTitle(report, table.title)]);
    title.font = { bold: true, size: 12 };
    title.commit();
    const header = ws.addRow(table.header);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    header.commit();
    for (const row of table.rows) ws.addRow(row).commit();
    ws.commit();
  }
  await wb.commit();
}

const i18nTitle = (r: YearlyReport, section: string) => `${section} — ${fill(C.title, r)}`;
