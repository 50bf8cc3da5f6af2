import { CAPTIONS as C, captionOf, fill } from './captions';
import { changePercent, type Pair } from './rollup';
import type { YearlyReport } from './yearly.service';

/** One table of the report as the exports print it: a title, a header row and rows of text and numbers. */
export interface ReportTable {
  /** Short name (an XLSX sheet name is at most 31 characters). */
  sheet: string;
  title: string;
  header: string[];
  rows: (string | number | null)[][];
  /** Value columns that belong together (a year pair) and are never split across a printed part. */
  columnGroup?: number;
}

const years = (r: YearlyReport) => [fill(C.columns.previous, r), fill(C.columns.current, r)];
const pairRow = (label: string, p: Pair): (string | number | null)[] => [label, p.previous, p.current, changePercent(p)];

function simple(r: YearlyReport, sheet: string, title: string, items: { label: string; pair: Pair }[]): ReportTable {
  return { sheet, title, header: [C.columns.item, ...years(r), `${C.columns.change}, %`], rows: items.map((i) => pairRow(i.label, i.pair)) };
}

/** Every table of the report, in the decision's order, then the state form's three tables. */
export function reportTables(r: YearlyReport): ReportTable[] {
  const n = C.narrative;
  const t3 = r.form.table3;
  return [
    simple(r, 'Підсумки', C.sections.summary, [
      { label: n.appeals, pair: r.appeals }, { label: n.serviceRequests, pair: r.serviceRequests },
    ]),
    simple(r, 'Адресати', C.sections.byAddressee, r.byAddressee.map((x) => ({ label: captionOf(C.addressees, x.addressee), pair: x }))),
    simple(r, 'Джерела', C.sections.bySource, r.bySource.map((x) => ({ label: captionOf(C.sources, x.source), pair: x }))),
    {
      sheet: 'Тематика', title: C.sections.byTopic, header: [C.columns.item, ...years(r), C.columns.percent],
      rows: r.byTopic.map((t) => [t.name, t.previous, t.current, t.percent]),
    },
    simple(r, 'Ознаки', C.sections.flags, r.flags.map((x) => ({ label: captionOf(C.flags, x.flag), pair: x }))),
    simple(r, 'Суб’єкт', C.sections.bySubject, r.bySubject.map((x) => ({ label: captionOf(C.subjects, x.subject), pair: x }))),
    simple(r, 'Результати', C.sections.byResult, r.byResult.map((x) => ({ label: captionOf(C.results, x.result), pair: x }))),
    simple(r, 'Місяці', C.sections.byMonth, r.byMonth.map((x) => ({ label: C.months[x.month - 1], pair: x }))),
    simple(r, 'Таблиця 1', C.sections.table1, Object.entries(r.form.table1).map(([k, p]) => ({ label: captionOf(C.table1, k), pair: p }))),
    simple(r, 'Таблиця 2', C.sections.table2, Object.entries(r.form.table2).map(([k, p]) => ({ label: captionOf(C.table2, k), pair: p }))),
    {
      sheet: 'Таблиця 3', title: C.sections.table3, columnGroup: 2,
      header: [C.table3.row, ...[C.table3.all, ...t3.columns.map((c) => c.name)].flatMap((h) => years(r).map((y) => `${h} (${y})`))],
      rows: t3.rows.map((row) => [
        row.row === 'all' ? C.table3.allRow : captionOf(C.sources, row.row),
        row.all.previous, row.all.current, ...t3.columns.flatMap((c) => [row.cells[c.code].previous, row.cells[c.code].current]),
      ]),
    },
  ];
}
