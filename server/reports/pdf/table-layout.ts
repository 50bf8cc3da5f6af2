import type { ReportTable } from '../report-tables';

/** Room either side of a cell's text: the ruled border must not touch a glyph. */
export const CELL_PAD = 3;
export const TABLE_FONT_SIZE = 7.5;

/** One printable slice of a table: the label column and the value columns that fit beside it on a page. */
export interface TablePart {
  columns: number[];
  widths: number[];
}

type Measure = (text: string, bold: boolean) => number;

/**
 * The words of a text as pdfkit's line breaker measures them: each with the space that follows it. pdfkit chops a
 * word whose measure (space included) is wider than the line, so a column exactly as wide as its widest bare word
 * printed "самоврядування (2024)" as "самов" / "рядування".
 */
const words = (text: string): string[] => (text.match(/\S+\s*/g) ?? []).map((w) => w.replace(/\s+$/, ' '));

/**
 * Splits a table into parts as wide as the page at most, each repeating the label column, so that every word
 * of a header and every value fits its column whole (a header broken mid-word is unreadable). Value columns
 * move in groups of `table.columnGroup` (a year pair stays side by side); spare width is shared out.
 */
export function planTable(table: ReportTable, pageWidth: number, measure: Measure): TablePart[] {
  const n = table.header.length;
  const need = (i: number): number => {
    const cells = [...table.rows.map((r) => ({ text: r[i] === null ? '—' : String(r[i]), bold: false })), { text: table.header[i], bold: true }];
    return Math.max(...cells.flatMap((c) => words(c.text).map((w) => measure(w, c.bold)))) + 2 * CELL_PAD;
  };
  const needs = Array.from({ length: n }, (_, i) => need(i));
  // As wide as the longest label up to 200 pt (longer ones wrap by words), never narrower than its longest word.
  const longest = Math.max(...[table.header[0], ...table.rows.map((r) => String(r[0] ?? ''))].map((l) => measure(l, false))) + 2 * CELL_PAD;
  const label = Math.max(needs[0], Math.min(longest, 200));
  const step = Math.max(1, table.columnGroup ?? 1);
  const groups: number[][] = [];
  for (let i = 1; i < n; i += step) groups.push(Array.from({ length: Math.min(step, n - i) }, (_, k) => i + k));

  const parts: number[][] = [];
  let current: number[] = [];
  let used = label;
  for (const g of groups) {
    const width = g.reduce((s, i) => s + needs[i], 0);
    if (current.length && used + width > pageWidth) {
      parts.push(current);
      current = [];
      used = label;
    }
    current.push(...g);
    used += width;
  }
  if (current.length || !parts.length) parts.push(current);
  return parts.map((cols) => ({ columns: [0, ...cols], widths: [label, ...share(cols.map((i) => needs[i]), pageWidth - label)] }));
}

/** Widens the value columns evenly up to a readable width (80 pt), never below what each one needs. */
function share(needs: number[], room: number): number[] {
  if (!needs.length) return [];
  const total = needs.reduce((a, b) => a + b, 0);
  const extra = Math.max(0, room - total) / needs.length;
  return needs.map((w) => Math.max(w, Math.min(w + extra, 80)));
}
