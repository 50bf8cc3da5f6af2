import { requestNumberSql } from '../requests/request-number';
import type { Sql } from '../citizens/citizens.repository';
import { lockReferences, withoutTriggers } from './without-triggers';

/**
 * Staged rows without a request yet become requests, with their applicants, numbers and timeline, set-based.
 * What each new row gets (applicant, executor, number within its year, request id) is worked out first in
 * `import_new`, a narrow table keyed by the file's row; the requests are then written in one pass.
 *
 * With `skipTriggers` (see without-triggers.ts) the new rows are written with triggers off: the references
 * are checked and locked once per key by `lockReferences`, and the search words are remembered here.
 */
export function createNewRequestsWriter(sql: Sql, { skipTriggers }: { skipTriggers: boolean }) {
  const bulk = <T>(write: () => Promise<T>) => withoutTriggers(sql, skipTriggers, write);
  const blocks: NumberBlock[] = [];
  return {
    /**
     * One row per new request: the applicant found by any of the row's phones, the executor the file named
     * or the routing rules give (a district's rule before the city-wide one), the status it starts in, the
     * Kyiv year its number is counted in, and its id taken from the requests' own sequence in file order.
     * Routing is asked once per (topic, district) the file has, not once per row.
     */
    async plan(): Promise<void> {
      await sql.query(`
        CREATE TEMP TABLE import_routes ON COMMIT DROP AS
        SELECT p.topic_code, p.district_code, (
                 SELECT r.executor_id FROM routing_rules r JOIN executors e ON e.id = r.executor_id AND e.active
                  WHERE r.topic_code = p.topic_code AND (r.district_code = p.district_code OR r.district_code IS NULL)
                  ORDER BY r.district_code NULLS LAST LIMIT 1) AS executor_id
          FROM (SELECT DISTINCT topic_code, district_code FROM import_rows WHERE executor_id IS NULL) p`);
      // The applicant known by any of the row's phones (the first one registered). A join, not a min() per row:
      // PostgreSQL turns that min() into a walk of the primary key in citizen order, one per row, which took
      // 14 s for 14,000 rows of known callers.
      await sql.query(`
        CREATE TEMP TABLE import_found ON COMMIT DROP AS
        SELECT s.row, min(p.citizen_id) AS found_id
          FROM import_rows s JOIN import_keys k USING (row) CROSS JOIN unnest(s.phones) AS ph(phone)
          JOIN citizen_phones p ON p.phone = ph.phone
         WHERE k.request_id IS NULL
         GROUP BY s.row`);
      // New requests in time order (`seq`): their ids, numbers and every index on received_at then grow at
      // the right edge, where PostgreSQL inserts fastest (in file order the import took 4 s longer).
      // The sequence is named as a constant (resolved once when the statement is parsed): through
      // pg_get_serial_sequence() its name was looked up again for every row, half of this step's time.
      await sql.query(`
        CREATE TEMP TABLE import_new ON COMMIT DROP AS
        SELECT q.*, coalesce(q.file_status, CASE WHEN q.executor_id IS NULL THEN 'registered' ELSE 'assigned' END) AS status,
               nextval('requests_id_seq')::int AS id
          FROM (SELECT s.row, row_number() OVER (ORDER BY s.received_at, s.row)::int AS seq, s.status AS file_status,
                       extract(year FROM s.received_at AT TIME ZONE 'Europe/Kyiv')::int AS year,
                       row_number() OVER (PARTITION BY extract(year FROM s.received_at AT TIME ZONE 'Europe/Kyiv') ORDER BY s.received_at, s.row)::int AS in_year,
                       f.found_id,
                       coalesce(s.phones[1], 'row:' || s.row) AS key,
                       coalesce(s.executor_id, r.executor_id) AS executor_id
                  FROM import_rows s JOIN import_keys k USING (row)
                  LEFT JOIN import_found f USING (row)
                  LEFT JOIN import_routes r ON s.executor_id IS NULL AND r.topic_code = s.topic_code AND r.district_code IS NOT DISTINCT FROM s.district_code
                 WHERE k.request_id IS NULL
                 ORDER BY s.received_at, s.row) q`);
      await sql.query('ANALYZE import_new');
    },

    /**
     * An applicant not found by phone is created once per first phone (the file's last row gives the name); every phone is attached.
     * Their ids follow their first request's time (`seq`), as the requests' do: the requests' indexes on the
     * applicant then grow at their right edge too, instead of taking a year's rows at random places.
     */
    async applicants(): Promise<void> {
      await sql.query(`
        CREATE TEMP TABLE import_citizens ON COMMIT DROP AS
        SELECT key, nextval('citizens_id_seq')::int AS id, name, address, category
          FROM (SELECT DISTINCT ON (n.key) n.key, s.citizen_name AS name, s.address, s.citizen_category AS category,
                       min(n.seq) OVER (PARTITION BY n.key) AS first_seq
                  FROM import_new n JOIN import_rows s USING (row)
                 WHERE n.found_id IS NULL AND (cardinality(s.phones) > 0 OR s.citizen_name IS NOT NULL)
                 ORDER BY n.key, n.row DESC) k
         ORDER BY k.first_seq`);
      await bulk(() => sql.query(`
        WITH added AS (
          INSERT INTO citizens (id, full_name, address, category, privileged)
          SELECT id, name, address, category, coalesce(category NOT IN ('other', 'idp'), false) FROM import_citizens
          RETURNING full_name)
        ${rememberWords(skipTriggers, `to_tsvector('simple', coalesce(full_name, ''))`, '(SELECT DISTINCT full_name FROM added) names')}`));
      // With what the requests' search vectors need of their applicant, read once here for the whole file.
      await sql.query(`
        CREATE TEMP TABLE import_applicants ON COMMIT DROP AS
        SELECT a.row, a.citizen_id, a.created, c.full_name, c.address, c.confidential
          FROM (SELECT n.row, coalesce(n.found_id, k.id) AS citizen_id, n.found_id IS NULL AS created
                  FROM import_new n LEFT JOIN import_citizens k ON n.found_id IS NULL AND k.key = n.key) a
          LEFT JOIN citizens c ON c.id = a.citizen_id`);
      // Phones of citizens created just now cannot be there yet: a plain insert, cheaper than ON CONFLICT's
      // speculative one, which only the citizens found by phone need (their other numbers may be known).
      for (const created of [true, false]) {
        await bulk(() => sql.query(`
          INSERT INTO citizen_phones (citizen_id, phone)
          SELECT DISTINCT a.citizen_id, unnest(s.phones) FROM import_applicants a JOIN import_rows s USING (row)
           WHERE a.citizen_id IS NOT NULL AND a.created = $1
           ORDER BY 1, 2
          ${created ? '' : 'ON CONFLICT DO NOTHING'}`, [created]));
      }
    },

    /** The applicants of this file's new requests who asked not to be disclosed: their requests are redacted for executors. */
    async confidentialApplicants(): Promise<number[]> {
      const rows: { id: number }[] = await sql.query('SELECT DISTINCT citizen_id AS id FROM import_applicants WHERE confidential');
      return rows.map((r) => r.id);
    },

    /**
     * Numbers of each Kyiv year, allocated as one block per year from the same counters registration uses:
     * a new request's number is its year's block start plus its place in the year (`in_year`).
     */
    async numbers(): Promise<void> {
      const years: { year: number; n: number }[] = await sql.query('SELECT year, count(*)::int AS n FROM import_new GROUP BY year ORDER BY year');
      for (const { year, n } of years) {
        const [{ last }] = await sql.query(
          `INSERT INTO request_counters (year, last) VALUES ($1, $2)
           ON CONFLICT (year) DO UPDATE SET last = request_counters.last + EXCLUDED.last RETURNING last`, [year, n]);
        blocks.push({ year, before: last - n });
      }
    },

    /**
     * The requests themselves; the term is the file's, else the law's (Art. 20) by the topic. The search vector
     * comes with the row (the same SQL functions the per-row trigger calls), so the trigger stays out of it.
     */
    async insert(importId: number, actorId: number | null, format: string, onProgress?: (done: number, all: number) => void): Promise<void> {
      const last = await prepareRows(sql, actorId, blocks);
      // In slices of rows, so the progress bar moves.
      for (let from = 0; from < last; from += SLICE) {
        await bulk(() => insertSlice(sql, skipTriggers, from, Math.min(from + SLICE, last)));
        onProgress?.(Math.min(from + SLICE, last), last);
      }
      await bulk(async () => {
        await sql.query(`
          INSERT INTO request_events (request_id, actor_id, action, to_status, data)
          SELECT n.id, $2, 'imported', n.status, jsonb_build_object('importId', $1::int, 'format', $3::text, 'row', n.row)
            FROM import_new n ORDER BY n.seq`, [importId, actorId, format]);
        await sql.query(`
          INSERT INTO request_external (request_id, fields, import_id)
          SELECT n.id, s.own, $1 FROM import_new n JOIN import_rows s USING (row) ORDER BY n.seq`, [importId]);
      });
    },

    /**
     * What the foreign keys of the new rows point at, checked and locked once per key. The new requests,
     * citizens and the import record are this transaction's own rows; everything else is here.
     */
    async lockReferencedKeys(actorId: number | null): Promise<void> {
      if (!skipTriggers) return;
      // Every set in one pass over the new rows; each is small (tens of topics, thousands of known citizens).
      const [k] = await sql.query(`
        SELECT array_agg(DISTINCT s.topic_code) AS topics, array_agg(DISTINCT s.addressee) AS addressees,
               array_remove(array_agg(DISTINCT s.district_code), NULL) AS districts,
               array_remove(array_agg(DISTINCT n.executor_id), NULL) AS executors,
               array_remove(array_agg(DISTINCT n.found_id), NULL) AS citizens
          FROM import_new n JOIN import_rows s USING (row)`);
      await lockReferences(sql, [
        { table: 'topics', key: 'code', keys: k.topics ?? [] },
        { table: 'addressees', key: 'code', keys: k.addressees ?? [] },
        { table: 'districts', key: 'code', keys: k.districts ?? [] },
        { table: 'executors', key: 'id', keys: k.executors ?? [] },
        { table: 'citizens', key: 'id', keys: k.citizens ?? [] },
        { table: 'users', key: 'id', keys: actorId === null ? [] : [actorId] },
      ]);
    },
  };
}

const SLICE = 50_000;

/**
 * With triggers off, the statement remembers its rows' search words itself (`added` is what it inserted),
 * as the statement trigger would.
 */
function rememberWords(skipTriggers: boolean, vector: string, from = 'added'): string {
  return skipTriggers
    ? `SELECT remember_search_words(ARRAY(SELECT DISTINCT unnest(tsvector_to_array(${vector})) FROM ${from}))`
    : 'SELECT count(*) FROM added';
}

/** The last number of a Kyiv year before this import took its block. */
interface NumberBlock {
  year: number;
  before: number;
}

/**
 * Every new request's row as it will be inserted, in one pass over the staged tables, indexed by `seq`. Each
 * slice then reads its own rows only: when each slice joined the staged tables itself, every slice read them
 * whole, and a year's file (24 slices of 1.2 M rows) spent most of this step reading the same rows again.
 * Returns how many there are.
 */
async function prepareRows(sql: Sql, actorId: number | null, blocks: NumberBlock[]): Promise<number> {
  await sql.query(`
      CREATE TEMP TABLE import_ready ON COMMIT DROP AS
      SELECT n.seq, n.id, ${requestNumberSql('n.year', 'b.before + n.in_year')} AS number, s.received_at, s.source, s.external_number, s.kind,
             s.subject, s.signatories, s.addressee, s.category, s.topic_code, a.citizen_id, s.address, s.district_code, s.description,
             n.executor_id, n.status, s.result, true AS needs_study,
             coalesce(s.due_at, CASE t.deadline WHEN 'emergency_24h' THEN s.received_at + coalesce(t.emergency_hours, 24) * interval '1 hour'
                                                WHEN 'days_15' THEN s.received_at + interval '15 days'
                                                ELSE s.received_at + interval '30 days' END) AS due_at,
             s.flags, s.satisfaction, s.closed_at, $1::int AS created_by,
             h.home AS address_is_home, request_search_tsv_with_body(a.full_name, a.confidential, s.address, s.description, h.home, s.body_tsv) AS search_tsv
        FROM import_new n JOIN import_rows s USING (row) JOIN import_applicants a USING (row)
        JOIN unnest($2::int[], $3::int[]) AS b(year, before) ON b.year = n.year
        JOIN topics t ON t.code = s.topic_code
        CROSS JOIN LATERAL (SELECT request_address_is_home(s.address, a.address) AS home) h`, [actorId, blocks.map((b) => b.year), blocks.map((b) => b.before)]);
  await sql.query('CREATE INDEX ON import_ready (seq)');
  await sql.query('ANALYZE import_ready (seq)');
  const [{ last }] = await sql.query('SELECT count(*)::int AS last FROM import_new');
  return last;
}

const READY_COLUMNS = `id, number, received_at, source, external_number, kind, subject, signatories, addressee, category,
               topic_code, citizen_id, address, district_code, description, executor_id, status, result, needs_study, due_at,
               flags, satisfaction, closed_at, created_by, address_is_home, search_tsv`;

async function insertSlice(sql: Sql, skipTriggers: boolean, from: number, to: number): Promise<void> {
  await sql.query(`
      WITH added AS (
        INSERT INTO requests (${READY_COLUMNS})
        SELECT ${READY_COLUMNS} FROM import_ready WHERE seq > $1 AND seq <= $2 ORDER BY seq
        RETURNING search_tsv)
      ${rememberWords(skipTriggers, 'search_tsv')}`, [from, to]);
}
