import ExcelJS from 'exceljs';
import type { ExportColumn } from '../../exports/table-writer';
import { ratingColumns } from '../../reports/ratings/ratings.router';
import type { RatingRow } from '../../reports/ratings/ratings.repository';
import type { OverdueRequest } from '../overdue/overdue.repository';
import captions from './digest-captions.uk.json';

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_m, key: string) => String(values[key] ?? ''));
const kyiv = (at: Date, withTime = false) =>
  new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', dateStyle: 'short', ...(withTime ? { timeStyle: 'short' } : {}) }).format(at);
const percent = (v: number | null) => (v === null ? captions.noValue : `${v} %`);

const c = captions.columns;
export const overdueColumns: ExportColumn<OverdueRequest>[] = [
  { header: c.number, value: (r) => r.number }, { header: c.receivedAt, value: (r) => r.receivedAt }, { header: c.dueAt, value: (r) => r.dueAt },
  { header: c.days, value: (r) => r.days }, { header: c.status, value: (r) => r.status }, { header: c.topic, value: (r) => r.topic, width: 40 },
  { header: c.district, value: (r) => r.district }, { header: c.address, value: (r) => r.address, width: 30 }, { header: c.reworkCount, value: (r) => r.reworkCount },
];

export interface Mail {
  subject: string;
  text: string;
  attachment: { filename: string; content: Buffer };
}

/** A workbook of one sheet in memory: the mail's attachment (downloads stream through writeTable instead). */
export async function workbook<R>(columns: ExportColumn<R>[], rows: R[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('digest');
  ws.columns = columns.map((col) => ({ header: col.header, width: col.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((col) => col.value(r) ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Item 4.4: one executor's overdue requests, as text and as a workbook. */
export async function executorDigest(e: { code: string; name: string }, week: string, rows: OverdueRequest[], now: Date): Promise<Mail> {
  const lines = rows.map((r) => fill(captions.line, { number: r.number, topic: r.topic, due: kyiv(r.dueAt), days: r.days }));
  return {
    subject: fill(captions.executorSubject, { name: e.name, week }),
    text: [fill(captions.executorIntro, { name: e.name, at: kyiv(now, true), count: rows.length }), '', ...lines].join('\n'),
    attachment: { filename: `overdue-${e.code}-${week}.xlsx`, content: await workbook(overdueColumns, rows) },
  };
}

/** Item 4.5: the least effective executors, for the deputy mayors. */
export async function rankingDigest(week: string, ranking: { from: string; to: string; items: RatingRow[] }): Promise<Mail> {
  const lines = ranking.items.map((r, i) => fill(captions.rankingLine, {
    place: i + 1, name: r.name, overdue: r.overdue, onTime: percent(r.onTimePercent), confirmed: percent(r.confirmedPercent), reworks: r.reworks,
  }));
  return {
    subject: fill(captions.rankingSubject, { week }),
    text: [fill(captions.rankingIntro, { from: ranking.from, to: ranking.to }), '', ...lines].join('\n'),
    attachment: { filename: `ranking-${week}.xlsx`, content: await workbook(ratingColumns, ranking.items) },
  };
}
