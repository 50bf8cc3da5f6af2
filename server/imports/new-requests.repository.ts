import type { Sql } from '../citizens/citizens.repository';

/** Staged rows without a request yet become requests, with their applicants, numbers and timeline, set-based. */
export function createNewRequestsWriter(sql: Sql) {
  return {
    /** The applicant is found by any of the row's phones, or created once per first phone; every phone is attached. */
    async applicants(): Promise<void> {
      await sql.query(`
        UPDATE import_rows s SET citizen_id = (SELECT min(p.citizen_id) FROM citizen_phones p WHERE p.phone = ANY (s.phones))
         WHERE s.request_id IS NULL AND cardinality(s.phones) > 0`);
      await sql.query(`
        CREATE TEMP TABLE import_citizens ON COMMIT DROP AS
        SELECT key, nextval(pg_get_serial_sequence('citizens', 'id'))::int AS id, name, address, category
          FROM (SELECT DISTINCT ON (key) coalesce(phones[1], 'row:' || row) AS key, citizen_name AS name, address, citizen_category AS category
                  FROM import_rows
                 WHERE request_id IS NULL AND citizen_id IS NULL AND (cardinality(phones) > 0 OR citizen_name IS NOT NULL)
                 ORDER BY key, row DESC) k`);
      await sql.query(`
        INSERT INTO citizens (id, full_name, address, category, privileged)
        SELECT id, name, address, category, coalesce(category NOT IN ('other', 'idp'), false) FROM import_citizens`);
      await sql.query(`
        UPDATE import_rows s SET citizen_id = c.id FROM import_citizens c
         WHERE s.request_id IS NULL AND s.citizen_id IS NULL AND c.key = coalesce(s.phones[1], 'row:' || s.row)`);
      await sql.query(`
        INSERT INTO citizen_phones (citizen_id, phone)
        SELECT DISTINCT citizen_id, unnest(phones) FROM import_rows WHERE request_id IS NULL AND citizen_id IS NOT NULL
        ON CONFLICT DO NOTHING`);
    },

    /** Numbers of each Kyiv year, allocated as one block per year from the same counters registration uses. */
    async numbers(): Promise<void> {
      const years: { year: number; n: number }[] = await sql.query(`
        SELECT extract(year FROM received_at AT TIME ZONE 'Europe/Kyiv')::int AS year, count(*)::int AS n
          FROM import_rows WHERE request_id IS NULL GROUP BY 1 ORDER BY 1`);
      for (const { year, n } of years) {
        const [{ last }] = await sql.query(
          `INSERT INTO request_counters (year, last) VALUES ($1, $2)
           ON CONFLICT (year) DO UPDATE SET last = request_counters.last + EXCLUDED.last RETURNING last`, [year, n]);
        await sql.query(`
          UPDATE import_rows s SET number = $1 || '-' || lpad(($2 + q.rn)::text, 6, '0')
            FROM (SELECT row, row_number() OVER (ORDER BY received_at, row) AS rn FROM import_rows
                   WHERE request_id IS NULL AND extract(year FROM received_at AT TIME ZONE 'Europe/Kyiv')::int = $1) q
           WHERE s.row = q.row`, [year, last - n]);
      }
    },

    /** Executors the file did not name come from the routing rules (a district's rule before the city-wide one). */
    async route(): Promise<void> {
      await sql.query(`
        UPDATE import_rows s SET executor_id = (
          SELECT r.executor_id FROM routing_rules r JOIN executors e ON e.id = r.executor_id AND e.active
           WHERE r.topic_code = s.topic_code AND (r.district_code = s.district_code OR r.district_code IS NULL)
           ORDER BY r.district_code NULLS LAST LIMIT 1)
         WHERE s.request_id IS NULL AND s.executor_id IS NULL`);
    },

    /** The requests themselves; the term is the file's, else the law's (Art. 20) by the topic. */
    async insert(importId: number, actorId: number | null, format: string, onProgress?: (done: number, all: number) => void): Promise<void> {
      const [{ last }] = await sql.query('SELECT coalesce(max(row), 0) AS last FROM import_rows');
      // In slices of rows: each statement stays short and the progress bar moves.
      for (let from = 0; from < last; from += SLICE) {
        await insertSlice(sql, actorId, from, Math.min(from + SLICE, last));
        onProgress?.(Math.min(from + SLICE, last), last);
      }
      await sql.query(`
        UPDATE import_rows s SET request_id = r.id FROM requests r WHERE s.request_id IS NULL AND r.number = s.number`);
      await sql.query(`
        INSERT INTO request_events (request_id, actor_id, action, to_status, data)
        SELECT s.request_id, $2, 'imported', r.status, jsonb_build_object('importId', $1::int, 'format', $3::text, 'row', s.row)
          FROM import_rows s JOIN requests r ON r.id = s.request_id WHERE s.number IS NOT NULL`, [importId, actorId, format]);
      await sql.query(`
        INSERT INTO request_external (request_id, fields, import_id)
        SELECT request_id, own, $1 FROM import_rows WHERE number IS NOT NULL`, [importId]);
    },
  };
}

const SLICE = 20_000;

async function insertSlice(sql: Sql, actorId: number | null, from: number, to: number): Promise<void> {
  await sql.query(`
        INSERT INTO requests (number, received_at, source, external_number, kind, subject, signatories, addressee, category,
               topic_code, citizen_id, address, district_code, description, executor_id, status, result, needs_study, due_at,
               flags, satisfaction, closed_at, created_by)
        SELECT s.number, s.received_at, s.source, s.external_number, s.kind, s.subject, s.signatories, s.addressee, s.category,
               s.topic_code, s.citizen_id, s.address, s.district_code, s.description, s.executor_id,
               coalesce(s.status, CASE WHEN s.executor_id IS NULL THEN 'registered' ELSE 'assigned' END), s.result, true,
               coalesce(s.due_at, CASE t.deadline WHEN 'emergency_24h' THEN s.received_at + coalesce(t.emergency_hours, 24) * interval '1 hour'
                                                  WHEN 'days_15' THEN s.received_at + interval '15 days'
                                                  ELSE s.received_at + interval '30 days' END),
               s.flags, s.satisfaction, s.closed_at, $1
          FROM import_rows s JOIN topics t ON t.code = s.topic_code
         WHERE s.request_id IS NULL AND s.row > $2 AND s.row <= $3`, [actorId, from, to]);
}
