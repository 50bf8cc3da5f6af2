export type CellValue = string | number | boolean | Date | null | undefined;

/**
 * Text a spreadsheet would read as a formula (or, after a tab or CR it strips, as one): a caller's
 * CallerIDName `=HYPERLINK(…)` must not become a live link in a supervisor's Excel.
 */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

/**
 * One CSV cell: text that could start a formula is kept as text with a leading apostrophe (OWASP's advice),
 * then quoted when it holds the separator, a quote or a line break. Numbers and dates are written as such.
 */
export function csvCell(v: CellValue): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : typeof v === 'string' && FORMULA_LEAD.test(v) ? `'${v}` : String(v);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
