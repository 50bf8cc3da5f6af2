import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.types';
import { badRequest } from '../http/errors';
import { normalisePhone } from '../phones';
import { REQUEST_COLUMNS, REQUEST_FROM, type RequestRow } from './requests.repository';
import type { ListQuery } from './requests.schemas';
import { WORKING } from './transitions';

const NUMBER = /^\d{4}-\d{6}$/;
const PHONE_LIKE = /^[+\d\s()-]{7,}$/;

/** Collects WHERE clauses with their numbered parameters, so no client text is ever spliced into SQL. */
class Where {
  readonly clauses: string[] = [];
  readonly args: unknown[] = [];
  add(clause: (p: (value: unknown) => string) => string): void {
    this.clauses.push(clause((value) => `$${this.args.push(value)}`));
  }
  toSql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/**
 * What `q` means: a request number exactly, else a phone number, else words — the citizen's name and the
 * address by trigram word similarity (misspellings still match), the description by full text ('simple').
 */
function addFreeText(w: Where, q: string): 'number' | 'phone' | 'text' {
  if (NUMBER.test(q)) {
    w.add((p) => `r.number = ${p(q)}`);
    return 'number';
  }
  const phone = PHONE_LIKE.test(q) ? normalisePhone(q) : null;
  if (phone) {
    w.add((p) => `r.citizen_id IN (SELECT citizen_id FROM citizen_phones WHERE phone = ${p(phone)})`);
    return 'phone';
  }
  w.add((p) => {
    const text = p(q);
    return `r.id IN (
      SELECT r2.id FROM requests r2 WHERE r2.citizen_id IN (SELECT c2.id FROM citizens c2 WHERE ${text} <% c2.full_name)
      UNION SELECT r3.id FROM requests r3 WHERE ${text} <% r3.address
      UNION SELECT r4.id FROM requests r4 WHERE r4.search_tsv @@ plainto_tsquery('simple', ${text}))`;
  });
  return 'text';
}

function addFilters(w: Where, q: ListQuery, viewer: AuthUser): void {
  // An executor's list is their organisation's, whatever the query says.
  if (viewer.role === 'executor') w.add((p) => `r.executor_id = ${p(viewer.executorId ?? -1)}`);
  if (q.phone) {
    const phone = normalisePhone(q.phone);
    if (!phone) throw badRequest('The phone number is not a Ukrainian number.', { phone: 'not a valid phone number' });
    w.add((p) => `r.citizen_id IN (SELECT citizen_id FROM citizen_phones WHERE phone = ${p(phone)})`);
  }
  if (q.status) w.add((p) => `r.status = ANY(${p(q.status)})`);
  if (q.topic) w.add((p) => (q.topic!.includes('.') ? `r.topic_code = ${p(q.topic)}` : `r.topic_code LIKE ${p(`${q.topic}.%`)}`));
  if (q.executor) {
    w.add((p) => (/^\d+$/.test(q.executor!) ? `r.executor_id = ${p(Number(q.executor))}` : `r.executor_id = (SELECT id FROM executors WHERE code = ${p(q.executor)})`));
  }
  if (q.source) w.add((p) => `r.source = ${p(q.source)}`);
  if (q.district) w.add((p) => `r.district_code = ${p(q.district)}`);
  if (q.overdue === true) w.add((p) => `r.status = ANY(${p(WORKING)}) AND r.due_at < now()`);
  if (q.overdue === false) w.add((p) => `NOT (r.status = ANY(${p(WORKING)}) AND r.due_at < now())`);
  if (q.from) w.add((p) => `r.received_at >= ${p(new Date(q.from!))}`);
  // A bare date as the end means "that whole day".
  if (q.to) w.add((p) => `r.received_at < ${p(q.to!.length === 10 ? new Date(Date.parse(q.to!) + 86_400_000) : new Date(q.to!))}`);
}

function orderBy(q: ListQuery, retryMinutes: number): string {
  const sort = q.sort ?? (q.status?.length === 1 && q.status[0] === 'done' ? 'callback' : 'received_desc');
  switch (sort) {
    case 'received_asc': return 'r.received_at ASC, r.id ASC';
    case 'due_asc': return 'r.due_at ASC NULLS LAST, r.id ASC';
    case 'updated_desc': return 'r.updated_at DESC, r.id DESC';
    // Art. 20: privileged applicants first, then the nearest deadline.
    case 'priority': return 'c.privileged DESC NULLS LAST, r.due_at ASC NULLS LAST, r.id ASC';
    // The callback list: oldest done first, but a citizen just found unreachable waits out the retry interval.
    case 'callback': return `coalesce(r.last_callback_at > now() - make_interval(mins => ${Math.trunc(retryMinutes)}), false) ASC, r.completed_at ASC NULLS FIRST, r.id ASC`;
    default: return 'r.received_at DESC, r.id DESC';
  }
}

export interface SearchResult {
  rows: RequestRow[];
  total: number;
  mode: 'number' | 'phone' | 'text' | 'filters';
}

/** The request list and search: one page of rows and the total, in two indexed queries. */
export async function searchRequests(dataSource: DataSource, q: ListQuery, viewer: AuthUser, retryMinutes: number): Promise<SearchResult> {
  const w = new Where();
  const mode = q.q ? addFreeText(w, q.q) : 'filters';
  addFilters(w, q, viewer);
  const where = w.toSql();
  const page = [...w.args, q.pageSize, (q.page - 1) * q.pageSize];
  const n = w.args.length;
  return dataSource.transaction(async (m) => {
    // 0.5 rather than 0.6: a surname with one wrong letter ("Каваленко") sits right at the default threshold.
    if (mode === 'text') await m.query(`SET LOCAL pg_trgm.word_similarity_threshold = 0.5`);
    const rows = await m.query(
      `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} ${where} ORDER BY ${orderBy(q, retryMinutes)} LIMIT $${n + 1} OFFSET $${n + 2}`,
      page,
    );
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM requests r ${where}`, w.args);
    return { rows, total, mode };
  });
}
