import type { DataSource } from 'typeorm';
import { AppError } from '../http/errors';
import { yearlyReport, type YearlyReport } from '../reports/yearly.service';
import { text, type parseArgs } from './args';

type Args = ReturnType<typeof parseArgs>;
type WithDatabase = <T>(fn: (ds: DataSource) => Promise<T>) => Promise<T>;

const pairs = (items: { current: number; previous: number }[], key: (i: never) => string) =>
  items.map((i) => `  ${key(i as never)}: ${i.current} (${i.previous})`).join('\n');

/** The report's figures as plain lines: this year, the year before in brackets. */
export function reportLines(r: YearlyReport): string {
  const f = r.form;
  return [
    `yearly report ${r.year} (previous ${r.previousYear})${r.scope.addressee ? `, addressee ${r.scope.addressee}` : ''}`,
    `appeals: ${r.appeals.current} (${r.appeals.previous}), change ${r.appeals.changePercent ?? '—'} %`,
    `by addressee:\n${pairs(r.byAddressee, (i: { addressee: string }) => i.addressee)}`,
    `by source:\n${pairs(r.bySource, (i: { source: string }) => i.source)}`,
    `by topic:\n${r.byTopic.map((t) => `  ${t.code} ${t.name}: ${t.current} = ${t.percent} % (${t.previous})`).join('\n')}`,
    `flags:\n${pairs(r.flags, (i: { flag: string }) => i.flag)}`,
    `by subject:\n${pairs(r.bySubject, (i: { subject: string }) => i.subject)}`,
    `by result:\n${pairs(r.byResult, (i: { result: string }) => i.result)}`,
    `service requests: ${r.serviceRequests.current} (${r.serviceRequests.previous})`,
    `consultations: held ${r.consultations.held}, questions ${r.consultations.questions}`,
    `form table 1: ${Object.entries(f.table1).map(([k, v]) => `${k} ${v.previous}/${v.current}`).join(', ')}`,
    `form table 2: ${Object.entries(f.table2).map(([k, v]) => `${k} ${v.previous}/${v.current}`).join(', ')}`,
    `form table 3: ${f.table3.rows.map((row) => `${row.row} ${row.all.previous}/${row.all.current}`).join(', ')}`,
  ].join('\n');
}

/** `report yearly --year Y [--addressee A] [--json]`. */
export async function reportYearly(args: Args, withDatabase: WithDatabase): Promise<void> {
  const year = Number(text(args.year));
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError(400, 'invalid_input', 'Give --year YYYY.');
  const report = await withDatabase((ds) => yearlyReport(ds, { year, addressee: text(args.addressee) }));
  process.stdout.write(`${args.json === true ? JSON.stringify(report, null, 2) : reportLines(report)}\n`);
}
