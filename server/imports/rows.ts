import type { Reason } from '../http/reasons';
import { KINDS, SOURCES, SUBJECTS } from '../../db/entities';
import { categoryOf } from '../requests/category';
import { RESULTS } from '../requests/requests.schemas';
import { STATUSES } from '../requests/transitions';
import { unreadable } from '../http/validate';
import { applicantCategory } from './applicant-category';
import { clip } from './clip';
import type { Field, FormatSpec } from './formats';
import { fromExcelSerial, fromKyivWallClock, parseKyivDateTime } from './kyiv-time';
import { parsePhoneList } from './phone-list';
import type { ReferenceData } from './reference-data';

/** One bad cell: the file's row number (the header is row 1), the column's header, and why. */
export interface RowError {
  row: number;
  column: string;
  why: string;
  /** `why` as a reason code with its figures and the offending `value`, for the console to word (row-reasons.ts). */
  reason?: Reason;
}

/** A file row as we store it: JSON-safe, one object per row, written to the staging table in batches. */
export interface ImportRow {
  row: number;
  source: string;
  external_number: string;
  received_at: string;
  category: string;
  addressee: string;
  kind: string;
  subject: string;
  signatories: number | null;
  topic_code: string;
  /** The sender's topic text that the map did not know (the row is imported unclassified). */
  unmapped: string | null;
  description: string;
  citizen_name: string | null;
  phones: string[];
  address: string | null;
  district_code: string | null;
  citizen_category: string | null;
  executor_id: number | null;
  due_at: string | null;
  flags: string[];
  status: string | null;
  result: string | null;
  closed_at: string | null;
  satisfaction: number | null;
  own: Record<string, string | null>;
}

export type Cell = string | number | Date | null | undefined;

const RESULT_BY_CODE: Record<string, string> = { '9.1': 'resolved', '9.2': 'refused', '9.3': 'explained', '9.4': 'forwarded', '9.5': 'returned', '9.6': 'stopped' };
const FLAGS = ['repeated', 'multiple', 'duplicate', 'mass'];

/** Reads the cells of one row by field, collecting every problem (so a dry run lists them all at once). */
function cellReader(spec: FormatSpec, index: Partial<Record<Field, number>>, cells: Cell[], row: number) {
  const errors: RowError[] = [];
  const fail = (field: Field, why: string) => errors.push({ row, column: spec.headers[field]!, why });
  const raw = (field: Field) => (index[field] === undefined ? undefined : cells[index[field]!]);
  const text = (field: Field): string => {
    const v = raw(field);
    if (v === null || v === undefined) return '';
    return v instanceof Date ? v.toISOString() : String(v).trim();
  };
  const date = (field: Field, required = false): string | null => {
    const v = raw(field);
    // Excel has no time zone: a date cell is the wall-clock time the city typed, in Kyiv.
    if (v instanceof Date) return fromKyivWallClock(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), v.getUTCHours(), v.getUTCMinutes(), v.getUTCSeconds())?.toISOString() ?? null;
    if (typeof v === 'number') return fromExcelSerial(v)?.toISOString() ?? (fail(field, `not a date: ${v}`), null);
    const t = text(field);
    if (!t) return required ? (fail(field, 'required'), null) : null;
    const at = parseKyivDateTime(t);
    if (!at) fail(field, `not a date: ${clip(t, 40)}`);
    return at?.toISOString() ?? null;
  };
  return { errors, fail, text, date };
}
type Cells = ReturnType<typeof cellReader>;

/** What 1545 and the hotline say in words: the subject and the repeated flag, the topic through the map. */
function senderFields(source: string, c: Cells, ref: ReferenceData, addressee: string) {
  const condition = c.text('condition');
  const words = `${c.text('subjectText')} ${condition}`;
  const subject = /колектив/i.test(words) ? 'collective' : /анонім/i.test(words) ? 'anonymous' : 'individual';
  const topicText = c.text('topicText');
  const topicCode = ref.topicFor(source, topicText);
  return {
    source, subject, kind: 'application', category: categoryOf(source as never), addressee, signatories: null as number | null,
    flags: /повторн/i.test(condition) ? ['repeated'] : [], topicCode, unmapped: topicCode ? null : topicText || '—', district: null as string | null,
  };
}

/** The city's own export states our codes: each is checked against the reference lists. */
function cityFields(c: Cells, ref: ReferenceData, addressee: string) {
  const source = enumOf(c.text('source'), SOURCES, () => c.fail('source', 'not one of our sources'));
  const topicCode = c.text('topicCode');
  if (!ref.topics.has(topicCode)) c.fail('topicCode', `unknown topic ${clip(topicCode, 16)}`);
  const subject = enumOf(c.text('subject') || 'individual', SUBJECTS, () => c.fail('subject', 'not individual, collective or anonymous')) ?? 'individual';
  const kind = enumOf(c.text('kind') || 'application', KINDS, () => c.fail('kind', 'not proposal, application or complaint')) ?? 'application';
  const fallback = source ? categoryOf(source) : 'appeal';
  const category = enumOf(c.text('category') || fallback, ['appeal', 'service'], () => c.fail('category', 'not appeal or service')) ?? fallback;
  const rowAddressee = c.text('addressee') || addressee;
  if (!ref.addressees.has(rowAddressee)) c.fail('addressee', `unknown addressee ${clip(rowAddressee, 24)}`);
  const flags: string[] = [];
  for (const f of c.text('flags').split('|').map((s) => s.trim()).filter(Boolean)) {
    if (FLAGS.includes(f)) flags.push(f);
    else c.fail('flags', `unknown flag ${clip(f, 16)}`);
  }
  const s = c.text('signatories');
  const signatories = s ? Number(s) : null;
  if (s && !(Number.isInteger(signatories) && signatories! > 0)) c.fail('signatories', 'not a positive whole number');
  const district = c.text('district') || null;
  if (district && !ref.districts.has(district)) c.fail('district', `unknown district ${clip(district, 8)}`);
  return { source, subject, kind, category, addressee: rowAddressee, signatories, flags, topicCode, unmapped: null as string | null, district };
}

/**
 * The cells of the columns we read, held to what the API takes of a person: text PostgreSQL can store (never
 * a NUL) and no longer than `maxChars`. A row with such a cell is refused whole, before anything reads it.
 */
export function badCells(spec: FormatSpec, index: Partial<Record<Field, number>>, cells: Cell[], row: number, maxChars: number): RowError[] {
  const errors: RowError[] = [];
  for (const [field, at] of Object.entries(index) as [Field, number][]) {
    const v = cells[at];
    if (typeof v !== 'string') continue;
    const problem = v.length > maxChars ? `longer than ${maxChars} characters` : unreadable(v, true);
    if (problem) errors.push({ row, column: spec.headers[field]!, why: problem });
  }
  return errors;
}

/** Reads one row: the parsed row, or every problem in it. */
export function readRow(
  spec: FormatSpec, index: Partial<Record<Field, number>>, cells: Cell[], row: number, ref: ReferenceData, addressee: string,
): { value: ImportRow | null; errors: RowError[] } {
  const c = cellReader(spec, index, cells, row);
  const number = c.text('number');
  if (!number) c.fail('number', 'required');
  else if (number.length > 64) c.fail('number', 'at most 64 characters');
  const receivedAt = c.date('receivedAt', true);
  if (receivedAt && Date.parse(receivedAt) > Date.now() + 86_400_000) c.fail('receivedAt', 'in the future');
  const { phones, bad } = parsePhoneList(c.text('phones'));
  if (bad.length) c.fail('phones', `not a phone number: ${clip(bad.join(', '), 60)}`);
  const f = spec.source ? senderFields(spec.source, c, ref, addressee) : cityFields(c, ref, addressee);
  const executorText = c.text('executors');
  const executorId = executorText ? ref.executorFor(executorText) : null;
  if (!spec.source && executorText && executorId === null) c.fail('executors', `unknown executor ${clip(executorText, 32)}`);
  const workflow = spec.source ? { status: null, result: null, closedAt: null, satisfaction: null } : cityWorkflow(c);
  const dueAt = c.date('dueAt');
  const own: Record<string, string | null> = {};
  for (const field of spec.own) own[field] = field === 'dueAt' || field === 'answeredAt' || field === 'closedAt' ? c.date(field) : c.text(field) || null;
  if (c.errors.length) return { value: null, errors: c.errors };
  const anonymous = f.subject === 'anonymous';
  return {
    errors: [],
    value: {
      row, source: f.source!, external_number: number, received_at: receivedAt!, category: f.category, addressee: f.addressee, kind: f.kind,
      subject: f.subject, signatories: f.signatories, topic_code: f.topicCode ?? ref.unclassified, unmapped: f.unmapped,
      description: c.text('description') || c.text('topicText') || '—', citizen_name: anonymous ? null : c.text('name') || null,
      phones: anonymous ? [] : phones, address: c.text('address') || null, district_code: f.district,
      citizen_category: applicantCategory(c.text('applicantCategory')), executor_id: executorId, due_at: dueAt, flags: f.flags,
      status: workflow.status, result: workflow.result, closed_at: workflow.closedAt, satisfaction: workflow.satisfaction, own,
    },
  };
}

function enumOf<T extends string>(value: string, allowed: readonly T[], onBad: () => void): T | null {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  onBad();
  return null;
}

/** The city's previous system states our own workflow: status, result (858's 9.x or our names), closing, rating. */
function cityWorkflow(c: Cells) {
  const status = c.text('status') ? enumOf(c.text('status'), STATUSES, () => c.fail('status', 'not one of our statuses')) : null;
  const r = c.text('result');
  const result = r ? (RESULT_BY_CODE[r] ?? enumOf(r, RESULTS, () => c.fail('result', 'not 9.1–9.6 nor one of our results'))) : null;
  const s = c.text('satisfaction');
  const satisfaction = s ? Number(s) : null;
  if (s && !(Number.isInteger(satisfaction) && satisfaction! >= 1 && satisfaction! <= 5)) c.fail('satisfaction', 'not 1 to 5');
  return { status, result, closedAt: c.date('closedAt'), satisfaction };
}
