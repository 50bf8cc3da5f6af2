import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.types';
import { badRequest } from '../http/errors';
import type { Sql } from '../citizens/citizens.repository';
import { normalisePhone } from '../phones';
import type { RequestRow } from './requests.repository';
import type { ListQuery } from './requests.schemas';
import { normaliseRequestNumber } from './request-number';
import { pageAndTotal } from './search-paging';
import { tolerantQuery } from './search-words';
import { WORKING } from './transitions';
import { sinceSql, untilSql } from '../common/kyiv-bounds';

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
 * What `q` means: a request number exactly, else a phone number, else words — found in the request's vector
 * (applicant's name, address, description) through its GIN index, each word widened to likely misspellings.
 */
async function addFreeText(sql: Sql, w: Where, q: string, viewer: AuthUser): Promise<SearchResult['mode']> {
  // An executor must not learn who a confidential applicant is by finding them through their name or phone.
  const hidden = viewer.role === 'executor' ? ' AND NOT confidential' : '';
  const number = normaliseRequestNumber(q);
  if (number) {
    w.add((p) => `r.number = ${p(number)}`);
    return 'number';
  }
  const phone = PHONE_LIKE.test(q) ? normalisePhone(q) : null;
  if (phone) {
    w.add((p) => `r.citizen_id IN (SELECT citizen_id FROM citizen_phones WHERE phone = ${p(phone)})`);
    if (hidden) w.add(() => `r.citizen_id IN (SELECT id FROM citizens WHERE true${hidden})`);
    return 'phone';
  }
  // The vector holds the name with weight A, the address and description with B: executors search B only.
  const tsquery = await tolerantQuery(sql, q, hidden ? 'B' : '');
  w.add((p) => (tsquery ? `r.search_tsv @@ to_tsquery('simple', ${p(tsquery)})` : 'false'));
  return 'text';
}

function addFilters(w: Where, q: ListQuery, viewer: AuthUser): void {
  // An executor's list is their organisation's, whatever the query says.
  if (viewer.role === 'executor') w.add((p) => `r.executor_id = ${p(viewer.executorId ?? -1)}`);
  if (q.phone) {
    const phone = normalisePhone(q.phone);
    if (!phone) throw badRequest('The phone number is not a Ukrainian number.', { phone: 'not a valid phone number' });
    w.add((p) => `r.citizen_id IN (SELECT citizen_id FROM citizen_phones WHERE phone = ${p(phone)})`);
    if (viewer.role === 'executor') w.add(() => 'r.citizen_id IN (SELECT id FROM citizens WHERE NOT confidential)');
  }
  if (q.status) w.add((p) => `r.status = ANY(${p(q.status)})`);
  // A top-level code (HS) means its whole group; as a list of codes it stays an index condition.
  if (q.topic) w.add((p) => (q.topic!.includes('.') ? `r.topic_code = ${p(q.topic)}` : `r.topic_code IN (SELECT code FROM topics WHERE parent_code = ${p(q.topic)})`));
  if (q.executor) {
    w.add((p) => (/^\d+$/.test(q.executor!) ? `r.executor_id = ${p(Number(q.executor))}` : `r.executor_id = (SELECT id FROM executors WHERE code = ${p(q.executor)})`));
  }
  if (q.source) w.add((p) => `r.source = ${p(q.source)}`);
  if (q.district) w.add((p) => `r.district_code = ${p(q.district)}`);
  if (q.overdue === true) w.add((p) => `r.status = ANY(${p(WORKING)}) AND r.due_at < now()`);
  if (q.overdue === false) w.add((p) => `NOT (r.status = ANY(${p(WORKING)}) AND r.due_at < now())`);
  if (q.extensionPending === true) w.add(() => 'r.pending_extension IS NOT NULL');
  if (q.extensionPending === false) w.add(() => 'r.pending_extension IS NULL');
  if (q.from) w.add((p) => sinceSql('r.received_at', q.from!, p));
  if (q.to) w.add((p) => untilSql('r.received_at', q.to!, p));
}

function orderBy(q: ListQuery, retryMinutes: number): string {
  const sort = q.sort ?? (isCallbackList(q) ? 'callback' : 'received_desc');
  switch (sort) {
    case 'received_asc': return 'r.received_at ASC, r.id ASC';
    case 'due_asc': return 'r.due_at ASC NULLS LAST, r.id ASC';
    case 'updated_desc': return 'r.updated_at DESC, r.id DESC';
    // Art. 20: privileged applicants first, then the nearest deadline.
    case 'priority': return 'c.privileged DESC NULLS LAST, r.due_at ASC NULLS LAST, r.id ASC';
    // The callback list: oldest done first, but a citizen just found unreachable waits out the retry interval.
    case 'callback': return `coalesce(r.last_callback_at > now() - make_interval(mins => ${Math.trunc(retryMinutes)}), false) ASC, coalesce(r.completed_at, r.updated_at) ASC, r.id ASC`;
    default: return 'r.received_at DESC, r.id DESC';
  }
}

export interface SearchResult {
  rows: RequestRow[];
  total: number;
  /** True when there are more than TOTAL_CAP matches and `total` is the cap. */
  totalCapped: boolean;
  mode: 'number' | 'phone' | 'text' | 'filters';
}

const isCallbackList = (q: ListQuery) => !q.sort && q.status?.length === 1 && q.status[0] === 'done';

/** The WHERE and ORDER BY of a list query, for the exports: the same filters, visibility and order as the list. */
export async function listQuerySql(sql: Sql, q: ListQuery, viewer: AuthUser, retryMinutes: number) {
  const w = new Where();
  const mode = q.q ? await addFreeText(sql, w, q.q, viewer) : 'filters';
  addFilters(w, q, viewer);
  return { where: w.toSql(), args: w.args, order: orderBy(q, retryMinutes), mode };
}

export async function searchRequests(dataSource: DataSource, q: ListQuery, viewer: AuthUser, retryMinutes: number): Promise<SearchResult> {
  return dataSource.transaction(async (m) => {
    const w = new Where();
    const mode = q.q ? await addFreeText(m, w, q.q, viewer) : 'filters';
    addFilters(w, q, viewer);
    const where = w.toSql();
    const newestFirst = (q.sort ?? 'received_desc') === 'received_desc' && !isCallbackList(q);
    const found = await pageAndTotal(m, { where, args: w.args, order: orderBy(q, retryMinutes), q, words: mode === 'text', newestFirst });
    return { ...found, mode };
  });
}
