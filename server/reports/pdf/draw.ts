import { CAPTIONS as C, fill } from '../captions';
import type { ReportTable } from '../report-tables';
import { BAR_HEIGHT, barRows, LABEL_SHARE, type ChartItem } from './bar-chart';
import { CELL_PAD, planTable, TABLE_FONT_SIZE, type TablePart } from './table-layout';

const CURRENT = '#2f5f8a';
const PREVIOUS = '#b9c7d3';
const left = (doc: PDFKit.PDFDocument) => doc.page.margins.left;
const usable = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom;

/** A table in as many parts as the page's width needs, each with its header again on every new page. */
export function drawTable(doc: PDFKit.PDFDocument, t: ReportTable): void {
  doc.fontSize(TABLE_FONT_SIZE);
  const parts = planTable(t, usable(doc), (text, bold) => doc.font(bold ? 'bold' : 'body').widthOfString(text));
  parts.forEach((part, i) => {
    doc.moveDown(0.8);
    if (doc.y > bottom(doc) - 80) doc.addPage();
    const title = parts.length > 1 ? `${t.title} (${fill(C.part, { n: i + 1, of: parts.length })})` : t.title;
    doc.font('bold').fontSize(10).text(title, left(doc), doc.y, { width: usable(doc) });
    const pick = (cells: (string | number | null)[]) => part.columns.map((c) => (cells[c] === null ? '—' : String(cells[c])));
    const header = pick(t.header);
    row(doc, header, part, true);
    for (const r of t.rows) {
      if (row(doc, pick(r), part, false, true)) continue;
      doc.addPage();
      row(doc, header, part, true);
      row(doc, pick(r), part, false);
    }
  });
}

/** Draws one row; with `fitOnly` it draws nothing and answers false when the row would pass the page's end. */
function row(doc: PDFKit.PDFDocument, cells: string[], part: TablePart, bold: boolean, fitOnly = false): boolean {
  doc.font(bold ? 'bold' : 'body').fontSize(TABLE_FONT_SIZE);
  const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: part.widths[i] - 2 * CELL_PAD }))) + 2 * CELL_PAD;
  if (fitOnly && doc.y + height > bottom(doc)) return false;
  const y = doc.y;
  let x = left(doc);
  cells.forEach((c, i) => {
    doc.rect(x, y, part.widths[i], height).lineWidth(0.5).stroke('#888');
    // Labels read left to right; figures line up by their last digit.
    doc.fillColor('#000').text(c, x + CELL_PAD, y + CELL_PAD, { width: part.widths[i] - 2 * CELL_PAD, align: i === 0 ? 'left' : 'right' });
    x += part.widths[i];
  });
  doc.x = left(doc);
  doc.y = y + height;
  return true;
}

/** A horizontal bar chart in vector shapes: this year dark above last year light, the counts after the bars. */
export function drawBarChart(doc: PDFKit.PDFDocument, title: string, items: ChartItem[], years: { current: string; previous: string }): void {
  if (!items.length) return;
  doc.moveDown(0.8);
  if (doc.y > bottom(doc) - 120) doc.addPage();
  doc.font('bold').fontSize(10).fillColor('#000').text(title, left(doc), doc.y, { width: usable(doc) });
  legend(doc, years);
  doc.font('body').fontSize(TABLE_FONT_SIZE);
  const labelWidth = usable(doc) * LABEL_SHARE - 2 * CELL_PAD;
  const plan = barRows(items, usable(doc), (i) => doc.heightOfString(i.label, { width: labelWidth }));
  for (const r of plan.rows) {
    if (doc.y + r.height > bottom(doc)) doc.addPage();
    const y = doc.y;
    const barX = left(doc) + plan.barOffset;
    doc.fillColor('#000').text(r.item.label, left(doc), y, { width: labelWidth });
    bar(doc, barX, y, r.current, CURRENT, r.item.current);
    bar(doc, barX, y + BAR_HEIGHT + 1, r.previous, PREVIOUS, r.item.previous);
    doc.x = left(doc);
    doc.y = y + r.height;
  }
}

function bar(doc: PDFKit.PDFDocument, x: number, y: number, length: number, color: string, value: number): void {
  doc.rect(x, y, Math.max(length, 0.5), BAR_HEIGHT).fill(color);
  doc.fillColor('#000').fontSize(6).text(String(value), x + length + 3, y - 0.5, { lineBreak: false });
  doc.fontSize(TABLE_FONT_SIZE);
}

function legend(doc: PDFKit.PDFDocument, years: { current: string; previous: string }): void {
  const y = doc.y + 2;
  let x = left(doc);
  doc.font('body').fontSize(TABLE_FONT_SIZE);
  for (const [color, text] of [[CURRENT, years.current], [PREVIOUS, years.previous]]) {
    doc.rect(x, y, 8, 8).fill(color);
    doc.fillColor('#000').text(text, x + 11, y, { lineBreak: false });
    x += 11 + doc.widthOfString(text) + 14;
  }
  doc.x = left(doc);
  doc.y = y + 12;
}
