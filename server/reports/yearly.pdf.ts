import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { useCyrillicFonts } from '../common/pdf-fonts';
import { CAPTIONS as C, captionOf, fill } from './captions';
import { drawBarChart, drawTable } from './pdf/draw';
import { reportTables } from './report-tables';
import type { YearlyReport } from './yearly.service';

/** A printable A4 report in Ukrainian, landscape: the narrative figures, the charts, then every table. */
export async function writeYearlyPdf(report: YearlyReport, out: Writable): Promise<void> {
  const doc = yearlyPdfDocument(report);
  doc.pipe(out);
  drawYearlyReport(doc, report);
  doc.end();
  await finished(out);
}

export function yearlyPdfDocument(report: YearlyReport): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: fill(C.title, report) } });
  return useCyrillicFonts(doc);
}

/** Everything the report prints, on a document made by `yearlyPdfDocument`. */
export function drawYearlyReport(doc: PDFKit.PDFDocument, report: YearlyReport): void {
  doc.font('bold').fontSize(13).text(fill(C.title, report));
  if (report.scope.addressee) doc.font('body').fontSize(10).text(fill(C.scope, { addressee: captionOf(C.addressees, report.scope.addressee) }));
  doc.moveDown(0.5).font('body').fontSize(10);
  const a = report.appeals;
  doc.text(`${C.narrative.appeals}: ${a.current} (${report.previousYear}: ${a.previous}; ${C.narrative.change}: ${a.changePercent ?? '—'} %)`);
  doc.text(`${C.narrative.serviceRequests}: ${report.serviceRequests.current}`);
  doc.text(`${C.narrative.consultationsHeld}: ${report.consultations.held}; ${C.narrative.consultationQuestions}: ${report.consultations.questions}`);
  const years = { current: String(report.year), previous: String(report.previousYear) };
  drawBarChart(doc, C.charts.byTopic, report.byTopic.map((t) => ({ label: `${t.name} (${t.percent} %)`, current: t.current, previous: t.previous })), years);
  drawBarChart(doc, C.charts.bySource, report.bySource.map((s) => ({ label: captionOf(C.sources, s.source), current: s.current, previous: s.previous })), years);
  for (const table of reportTables(report).slice(1)) drawTable(doc, table);
}
