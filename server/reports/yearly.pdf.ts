import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { useCyrillicFonts } from '../common/pdf-fonts';
import { CAPTIONS as C, captionOf, fill } from './captions';
import { reportTables, type ReportTable } from './report-tables';
import type { YearlyReport } from './yearly.service';

/** A printable A4 report in Ukrainian: the narrative figures first, then every table. */
export async function writeYearlyPdf(report: YearlyReport, out: Writable): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: fill(C.title, report) } });
  useCyrillicFonts(doc);
  doc.pipe(out);
  doc.font('bold').fontSize(13).text(fill(C.title, report));
  if (report.scope.addressee) doc.font('body').fontSize(10).text(fill(C.scope, { addressee: captionOf(C.addressees, report.scope.addressee) }));
  doc.moveDown(0.5).font('body').fontSize(10);
  const a = report.appeals;
  doc.text(`${C.narrative.appeals}: ${a.current} (${report.previousYear}: ${a.previous}; ${C.narrative.change}: ${a.changePercent ?? '—'} %)`);
  doc.text(`${C.narrative.serviceRequests}: ${report.serviceRequests.current}`);
  doc.text(`${C.narrative.consultationsHeld}: ${report.consultations.held}; ${C.narrative.consultationQuestions}: ${report.consultations.questions}`);
  for (const table of reportTables(report).slice(1)) drawTable(doc, table);
  doc.end();
  await finished(out);
}

function drawTable(doc: PDFKit.PDFDocument, t: ReportTable): void {
  const width = doc.page.width - 72;
  const first = Math.min(260, width / 2);
  const rest = (width - first) / Math.max(t.header.length - 1, 1);
  const widths = t.header.map((_, i) => (i === 0 ? first : rest));
  doc.moveDown(0.8);
  if (doc.y > doc.page.height - 120) doc.addPage();
  doc.font('bold').fontSize(10).text(t.title, 36);
  row(doc, t.header, widths, true);
  for (const r of t.rows) row(doc, r.map((c) => (c === null ? '—' : String(c))), widths, false);
}

function row(doc: PDFKit.PDFDocument, cells: string[], widths: number[], bold: boolean): void {
  const size = widths.length > 10 ? 6 : 8;
  doc.font(bold ? 'bold' : 'body').fontSize(size);
  const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 4 }))) + 4;
  if (doc.y + height > doc.page.height - 36) doc.addPage();
  const y = doc.y;
  let x = 36;
  cells.forEach((c, i) => {
    doc.rect(x, y, widths[i], height).lineWidth(0.5).stroke('#888');
    doc.fillColor('#000').text(c, x + 2, y + 2, { width: widths[i] - 4, align: i === 0 ? 'left' : 'right' });
    x += widths[i];
  });
  doc.x = 36;
  doc.y = y + height;
}
