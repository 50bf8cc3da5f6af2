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
 * One page and its (capped) total, with work that stays bounded at a million requests whatever the planner
 * believes about how common the words are:
 *  1. newest-first lists look at the newest RECENT_WINDOW requests only, walking the received_at index; when
 *     the page fills from them it is exactly the right page (everything outside is older);
 *  2. otherwise the hits are rare, and for words the GIN bitmap is then the only sane plan, so the planner is
 *     told not to walk an index or the table hoping to meet them soon (a misspelt word with no hits at all
 *     otherwise reads the whole table).
 */
export async function pageAndTotal(sql: Sql, p: PageQuery): Promise<{ rows: RequestRow[]; total: number; totalCapped: boolean }> {
  const { q } = p;
  const cap = p.words ? TEXT_TOTAL_CAP : TOTAL_CAP;
  const n = p.args.length;
  // The page's ids first, its columns (joins, phones) after: sorting thousands of rows must not build each one.
  const withCitizen = p.order.includes('c.') ? ' LEFT JOIN citizens c ON c.id = r.citizen_id' : '';
  const page = (from: string): Promise<RequestRow[]> =>
    sql.query(
      `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.id IN (
         SELECT r.id FROM ${from}${withCitizen} ${p.where} ORDER BY ${p.order} LIMIT $${n + 1} OFFSET $${n + 2})
       ORDER BY ${p.order}`,
      [...p.args, q.pageSize, (q.page - 1) * q.pageSize]);
  const count = async (from: string): Promise<number> =>
    (await sql.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} ${p.where} LIMIT ${cap + 1}) capped`, p.args))[0].n;

  const recentRows = p.newestFirst ? await page(RECENT) : [];
  const recentFull = recentRows.length === q.pageSize;
  // More than the cap among the newest requests alone proves "cap+".
  if (recentFull && p.words && (await count(RECENT)) > cap) return { rows: recentRows, total: cap, totalCapped: true };
  if (p.words) {
    await sql.query('SET LOCAL enable_seqscan = off');
    await sql.query('SET LOCAL enable_indexscan = off');
  }
  const rows = recentFull ? recentRows : await page('requests r');
  // A first page that is not full is the whole answer: no count.
  if (q.page === 1 && rows.length < q.pageSize) return { rows, total: rows.length, totalCapped: false };
  const total = await count('requests r');
  return { rows, total: Math.min(total, cap), totalCapped: total > cap };
}
