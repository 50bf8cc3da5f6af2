import { KINDS, SOURCES, SUBJECTS } from '../../db/entities';
import { categoryOf } from '../requests/category';
import { RESULTS } from '../requests/requests.schemas';
import { STATUSES } from '../requests/transitions';
import { applicantCategory } from './applicant-category';
import type { Field, FormatSpec } from './formats';
import { fromExcelSerial, fromKyivWallClock, parseKyivDateTime } from './kyiv-time';
import { parsePhoneList } from './phone-list';
import type { ReferenceData } from './reference-data';

/** One bad cell: the file's row number (the header is row 1), the column's header, and why. */
export interface RowError {
  row: number;
  column: string;
  why: string;
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

/** Reads one row: the parsed row, or every problem in it (so a dry run lists them all at once). */
export function readRow(
  spec: FormatSpec, index: Partial<Record<Field, number>>, cells: Cell[], row: number, ref: ReferenceData, addressee: string,
): { value: ImportRow | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: Field, why: string) => errors.push({ row, column: spec.headers[field]!, why });
  const text = (field: Field): string => {
    const i = index[field];
    const v = i === undefined ? undefined : cells[i];
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString();
    return String(v).trim();
  };
  const date = (field: Field, required = false): string | null => {
    const i = index[field];
    const raw = i === undefined ? undefined : cells[i];
    // Excel has no time zone: a date cell is the wall-clock time the city typed, in Kyiv.
    if (raw instanceof Date) return fromKyivWallClock(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate(), raw.getUTCHours(), raw.getUTCMinutes(), raw.getUTCSeconds())?.toISOString() ?? null;
    if (typeof raw === 'number') return fromExcelSerial(raw)?.toISOString() ?? (fail(field, `not a date: ${raw}`), null);
    const t = text(field);
    if (!t) return required ? (fail(field, 'required'), null) : null;
    const at = parseKyivDateTime(t);
    if (!at) fail(field, `not a date: ${t.slice(0, 40)}`);
    return at?.toISOString() ?? null;
  };

  const number = text('number');
  if (!number) fail('number', 'required');
  else if (number.length > 64) fail('number', 'at most 64 characters');
  const receivedAt = date('receivedAt', true);
  if (receivedAt && Date.parse(receivedAt) > Date.now() + 86_400_000) fail('receivedAt', 'in the future');

  const { phones, bad } = parsePhoneList(text('phones'));
  if (bad.length) fail('phones', `not a phone number: ${bad.join(', ').slice(0, 60)}`);

  const source = spec.source ?? enumOf(text('source'), SOURCES, () => fail('source', 'not one of our sources'));
  const condition = text('condition');
  const subjectText = `${text('subjectText')} ${condition}`;
  let subject = spec.source ? (/колектив/i.test(subjectText) ? 'collective' : /анонім/i.test(subjectText) ? 'anonymous' : 'individual') : 'individual';
  const flags = spec.source ? (/повторн/i.test(condition) ? ['repeated'] : []) : [];
  let kind = 'application';
  let category = source ? categoryOf(source as never) : 'appeal';
  let rowAddressee = addressee;
  let signatories: number | null = null;

  let topicCode: string | null = null;
  let unmapped: string | null = null;
  if (spec.source) {
    const topicText = text('topicText');
    topicCode = ref.topicFor(spec.source, topicText);
    if (!topicCode) unmapped = topicText || '—';
  } else {
    topicCode = text('topicCode');
    if (!ref.topics.has(topicCode)) fail('topicCode', `unknown topic ${topicCode.slice(0, 16)}`);
    subject = enumOf(text('subject') || 'individual', SUBJECTS, () => fail('subject', 'not individual, collective or anonymous')) ?? subject;
    kind = enumOf(text('kind') || 'application', KINDS, () => fail('kind', 'not proposal, application or complaint')) ?? kind;
    category = enumOf(text('category') || category, ['appeal', 'service'], () => fail('category', 'not appeal or service')) ?? category;
    rowAddressee = text('addressee') || addressee;
    if (!ref.addressees.has(rowAddressee)) fail('addressee', `unknown addressee ${rowAddressee.slice(0, 24)}`);
    for (const f of text('flags').split('|').map((s) => s.trim()).filter(Boolean)) {
      if (FLAGS.includes(f)) flags.push(f);
      else fail('flags', `unknown flag ${f.slice(0, 16)}`);
    }
    const s = text('signatories');
    signatories = s ? Number(s) : null;
    if (s && !(Number.isInteger(signatories) && signatories! > 0)) fail('signatories', 'not a positive whole number');
  }

  const district = spec.source ? null : text('district') || null;
  if (district && !ref.districts.has(district)) fail('district', `unknown district ${district.slice(0, 8)}`);
  const executorText = text('executors');
  const executorId = executorText ? ref.executorFor(executorText) : null;
  if (!spec.source && executorText && executorId === null) fail('executors', `unknown executor ${executorText.slice(0, 32)}`);

  const workflow = spec.source ? { status: null, result: null, closedAt: null, satisfaction: null } : cityWorkflow(text, date, fail);
  const dueAt = date('dueAt');
  const own: Record<string, string | null> = {};
  for (const f of spec.own) own[f] = f === 'dueAt' || f === 'answeredAt' || f === 'closedAt' ? date(f) : text(f) || null;
  if (errors.length) return { value: null, errors };
  return {
    errors,
    value: {
      row, source: source!, external_number: number, received_at: receivedAt!, category, addressee: rowAddressee, kind, subject,
      signatories, topic_code: topicCode ?? ref.unclassified, unmapped, description: text('description') || text('topicText') || '—',
      citizen_name: subject === 'anonymous' ? null : text('name') || null, phones: subject === 'anonymous' ? [] : phones,
      address: text('address') || null, district_code: district, citizen_category: applicantCategory(text('applicantCategory')),
      executor_id: executorId, due_at: dueAt, flags, status: workflow.status, result: workflow.result, closed_at: workflow.closedAt,
      satisfaction: workflow.satisfaction, own,
    },
  };
}

function enumOf<T extends string>(value: string, allowed: readonly T[], onBad: () => void): T | null {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  onBad();
  return null;
}

/** The city's previous system states our own workflow: status, result (858's 9.x or our names), closing, rating. */
function cityWorkflow(text: (f: Field) => string, date: (f: Field) => string | null, fail: (f: Field, why: string) => void) {
  const status = text('status') ? enumOf(text('status'), STATUSES, () => fail('status', 'not one of our statuses')) : null;
  const r = text('result');
  const result = r ? (RESULT_BY_CODE[r] ?? enumOf(r, RESULTS, () => fail('result', 'not 9.1–9.6 nor one of our results'))) : null;
  const s = text('satisfaction');
  const satisfaction = s ? Number(s) : null;
  if (s && !(Number.isInteger(satisfaction) && satisfaction! >= 1 && satisfaction! <= 5)) fail('satisfaction', 'not 1 to 5');
  return { status, result, closedAt: date('closedAt'), satisfaction };
}
