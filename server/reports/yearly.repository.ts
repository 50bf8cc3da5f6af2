import type { Sql } from '../citizens/citizens.repository';

export const FLAG_NAMES = ['repeated', 'multiple', 'duplicate', 'mass'] as const;
/** Applicant categories the state form's Table 2 counts (see imports/applicant-category.ts). */
export const TABLE2_CATEGORIES = ['war_veteran', 'disability', 'labour_veteran', 'war_child', 'large_family', 'chernobyl'] as const;

/** One cell of the appeals cube: a combination of dimensions in one of the two years, with its counts. */
export interface CubeRow {
  cur: boolean;
  source: string;
  addressee: string;
  subject: string;
  result: string | null;
  topic: string;
  klas: string | null;
  n: number;
  flags: Record<(typeof FLAG_NAMES)[number], number>;
  categories: Record<(typeof TABLE2_CATEGORIES)[number], number>;
}

export interface Period {
  /** 1 January of the previous year, of the year, and of the next, at midnight in Kyiv. */
  from: Date;
  mid: Date;
  to: Date;
  addressee: string | null;
  /** The first of each month from `from` to `to` (25 instants), at midnight in Kyiv. */
  monthStarts: Date[];
}

const flagCounts = FLAG_NAMES.map((f) => `count(*) FILTER (WHERE '${f}' = ANY (r.flags))::int AS "f_${f}"`).join(', ');
const categoryCounts = TABLE2_CATEGORIES.map((c) => `count(*) FILTER (WHERE c.category = '${c}')::int AS "c_${c}"`).join(', ');
const sums = (columns: string[]) => columns.map((c) => `sum(g."${c}")::int AS "${c}"`).join(', ');
const APPEALS = `r.category = 'appeal' AND r.received_at >= $1 AND r.received_at < $3 AND ($4::text IS NULL OR r.addressee = $4)`;

/**
 * The report's reads. The appeals of both years are read in one pass and grouped finely (a few thousand
 * groups at most); the service rolls the groups up into every list, so a year of a million requests is one
 * scan, not twenty. The scans are index-only: requests_category_received carries every column they read.
 */
export function createYearlyRepository(sql: Sql) {
  const params = (p: Period) => [p.from, p.mid, p.to, p.addressee];
  return {
    async cube(p: Period): Promise<CubeRow[]> {
      // Counted by the request's own topic first, then rolled up to the top-level topic: the join to topics is
      // over a few thousand groups, not every appeal. Only applicants in a Table 2 category are joined (a few
      // thousand citizens): the hash stays small and an appeal without one costs one miss.
      const rows = await sql.query(
        `SELECT g.cur, g.source, g.addressee, g.subject, g.result, t.parent_code AS topic, t.klas858 AS klas,
                sum(g.n)::int AS n, ${sums(FLAG_NAMES.map((f) => `f_${f}`))}, ${sums(TABLE2_CATEGORIES.map((c) => `c_${c}`))}
           FROM (SELECT r.received_at >= $2 AS cur, r.source, r.addressee, r.subject, r.result, r.topic_code,
                        count(*) AS n, ${flagCounts}, ${categoryCounts}
                   FROM requests r
                   LEFT JOIN (SELECT id, category FROM citizens WHERE category = ANY ($5::text[])) c ON c.id = r.citizen_id
                  WHERE ${APPEALS}
                  GROUP BY 1, 2, 3, 4, 5, 6) g
           JOIN topics t ON t.code = g.topic_code
          GROUP BY 1, 2, 3, 4, 5, 6, 7`,
        [...params(p), TABLE2_CATEGORIES],
      );
      return rows.map((r: Record<string, unknown>) => ({
        cur: r.cur, source: r.source, addressee: r.addressee, subject: r.subject, result: r.result, topic: r.topic, klas: r.klas, n: r.n,
        flags: Object.fromEntries(FLAG_NAMES.map((f) => [f, r[`f_${f}`]])),
        categories: Object.fromEntries(TABLE2_CATEGORIES.map((c) => [c, r[`c_${c}`]])),
      })) as CubeRow[];
    },

    /**
     * Appeals by Kyiv month of both years: one count of each month's range of the received_at index (its 25
     * starts are Kyiv midnights). A range count reads index entries and nothing else; bucketing every appeal
     * (width_bucket, then a hash by bucket) cost twice as much at Kyiv's 900,000 appeals in two years.
     */
    async months(p: Period): Promise<{ cur: boolean; month: number; n: number }[]> {
      const rows: { bucket: number; n: number }[] = await sql.query(
        `SELECT m.bucket::int, (SELECT count(*)::int FROM requests r
                                  WHERE r.category = 'appeal' AND r.received_at >= m.since AND r.received_at < m.until
                                    AND ($3::text IS NULL OR r.addressee = $3)) AS n
           FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS m(since, until, bucket)`,
        [p.monthStarts.slice(0, -1), p.monthStarts.slice(1), p.addressee],
      );
      return rows.map((r) => ({ cur: r.bucket > 12, month: ((r.bucket - 1) % 12) + 1, n: r.n }));
    },

    /** Two range counts of the category's index, one per year: cheaper than testing the year on every row. */
    async serviceRequests(p: Period): Promise<{ current: number; previous: number }> {
      const [row] = await sql.query(
        `SELECT (SELECT count(*)::int FROM requests WHERE category = 'service' AND received_at >= $2 AND received_at < $3) AS current,
                (SELECT count(*)::int FROM requests WHERE category = 'service' AND received_at >= $1 AND received_at < $2) AS previous`,
        [p.from, p.mid, p.to],
      );
      return row;
    },

    /** Questions brought to officials' consultations this year; sessions held, where the consultations room keeps them. */
    async consultations(p: Period): Promise<{ held: number; questions: number }> {
      const [{ questions }] = await sql.query(
        `SELECT count(*)::int AS questions FROM requests WHERE source = 'consultation' AND received_at >= $1 AND received_at < $2`, [p.mid, p.to]);
      const [table] = await sql.query(
        `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'consultations' AND column_name = 'starts_at'`);
      if (!table) return { held: 0, questions };
      const [{ held }] = await sql.query('SELECT count(*)::int AS held FROM consultations WHERE starts_at >= $1 AND starts_at < $2', [p.mid, p.to]);
      return { held, questions };
    },

    async names(): Promise<{ topics: Map<string, string>; groups: Map<string, string> }> {
      const topics = await sql.query('SELECT code, name_uk AS name FROM topics WHERE parent_code IS NULL');
      const groups = await sql.query('SELECT code, name_uk AS name FROM classifier_groups');
      return {
        topics: new Map(topics.map((t: { code: string; name: string }) => [t.code, t.name])),
        groups: new Map(groups.map((g: { code: string; name: string }) => [g.code, g.name])),
      };
    },
  };
}
