import type { Sql } from '../citizens/citizens.repository';
import { REQUEST_COLUMNS, REQUEST_FROM, type RequestRow } from './requests.repository';
import type { ListQuery } from './requests.schemas';

/** How many of the newest requests the first try looks at. */
export const RECENT_WINDOW = 5_000;
const RECENT = `(SELECT * FROM requests ORDER BY received_at DESC, id DESC LIMIT ${RECENT_WINDOW}) r`;

/**
 * Counting every hit to print "of 412,337" costs more than the page itself; past a cap the list says "10,000+".
 * Word hits are rechecked row by row, so their cap is lower.
 */
export const TOTAL_CAP = 10_000;
export const TEXT_TOTAL_CAP = 100;

export interface PageQuery {
  where: string;
  args: unknown[];
  order: string;
  q: ListQuery;
  /** The query matches words (the GIN index) rather than plain columns. */
  words: boolean;
  /** Sorted newest first, the order of the received_at index. */
  newestFirst: boolean;
}

/**
 * One page and its (capped) total, with work that stays bounded at Kyiv's six million requests whatever the
 * planner believes about how common the words are:
 *  1. newest-first lists look at the newest RECENT_WINDOW requests first, walking the received_at index; when
 *     the page fills from them it is exactly the right page (everything outside is older);
 *  2. otherwise the hits are rare, and for words the GIN bitmap is then the only sane plan, so the planner is
 *     told not to walk an index or the table hoping to meet them soon (a misspelt word with no hits at all
 *     otherwise reads the whole table).
 */
export async function pageAndTotal(sql: Sql, p: PageQuery): Promise<{ rows: RequestRow[]; total: number; totalCapped: boolean }> {
  const { q } = p;
  const n = p.args.length;
  // The page's ids first, its columns (joins, phones) after: sorting thousands of rows must not build each one.
  const withCitizen = p.order.includes('c.') ? ' LEFT JOIN citizens c ON c.id = r.citizen_id' : '';
  const page = (from: string): Promise<RequestRow[]> =>
    sql.query(
      `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.id IN (
         SELECT r.id FROM ${from}${withCitizen} ${p.where} ORDER BY ${p.order} LIMIT $${n + 1} OFFSET $${n + 2})
       ORDER BY ${p.order}`,
      [...p.args, q.pageSize, (q.page - 1) * q.pageSize]);
  const count = async (from: string, cap: number): Promise<number> =>
    (await sql.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} ${p.where} LIMIT ${cap + 1}) capped`, p.args))[0].n;

  if (p.words && p.newestFirst) {
    const recent = await recentWordHits(sql, p);
    if (recent) return recent;
  }
  const recentRows = p.newestFirst && !p.words ? await page(RECENT) : [];
  const recentFull = recentRows.length === q.pageSize;
  if (p.words) {
    await sql.query('SET LOCAL enable_seqscan = off');
    await sql.query('SET LOCAL enable_indexscan = off');
  }
  const rows = recentFull ? recentRows : await page('requests r');
  // A first page that is not full is the whole answer: no count.
  if (q.page === 1 && rows.length < q.pageSize) return { rows, total: rows.length, totalCapped: false };
  const cap = p.words ? TEXT_TOTAL_CAP : TOTAL_CAP;
  const total = await count('requests r', cap);
  return { rows, total: Math.min(total, cap), totalCapped: total > cap };
}

/**
 * Words among the newest requests: one walk of the window collects up to TEXT_TOTAL_CAP + 1 hits in order,
 * which is the page and the count at once. When the page fills from them, the hits outside the window are not
 * counted: through the word index that costs as much as the word has hits in all the years (a common word at
 * six million requests: 100,000 hits, 120 ms, for a number nobody reads past "100+"). The total is then what
 * was counted, marked as not counted to the end — unless the window holds every request there is.
 * Null when the page does not fill from the window.
 */
async function recentWordHits(sql: Sql, p: PageQuery): Promise<{ rows: RequestRow[]; total: number; totalCapped: boolean } | null> {
  const { q } = p;
  const ids: number[] = (await sql.query(`SELECT r.id FROM ${RECENT} ${p.where} ORDER BY ${p.order} LIMIT ${TEXT_TOTAL_CAP + 1}`, p.args))
    .map((r: { id: number }) => r.id);
  const start = (q.page - 1) * q.pageSize;
  if (ids.length < start + q.pageSize) return null;
  const rows: RequestRow[] = await sql.query(`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.id = ANY ($1) ORDER BY ${p.order}`,
    [ids.slice(start, start + q.pageSize)]);
  if (ids.length > TEXT_TOTAL_CAP) return { rows, total: TEXT_TOTAL_CAP, totalCapped: true };
  const [{ whole }] = await sql.query(`SELECT count(*) <= ${RECENT_WINDOW} AS whole FROM (SELECT 1 FROM requests LIMIT ${RECENT_WINDOW + 1}) w`);
  return { rows, total: ids.length, totalCapped: !whole };
}
