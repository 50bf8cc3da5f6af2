import type { DataSource, QueryRunner } from 'typeorm';
import { mayWriteWithoutTriggers } from '../../server/imports/without-triggers';
import { SERVICE_SOURCES } from '../../server/requests/category';
import { requestNumberSql } from '../../server/requests/request-number';
import { COMPLAINTS, FEMALE_NAMES, MALE_NAMES, SOURCE_SHARES, STREETS, SURNAMES, TOPIC_SHARES } from './vocabulary';

export interface GenerateOptions {
  citizens: number;
  requests: number;
  /** Requests are spread over this many years back from `now`. */
  years: number;
  now?: Date;
  /** Rows per statement: big enough to be fast, small enough to show progress. */
  batch?: number;
  onProgress?: (step: string, done: number, total: number) => void;
}

/**
 * Fills the database with realistic history: citizens with phones and addresses, requests over several years
 * spread across topics and sources as the city's 2021 report has them, their timelines, and the calls they
 * came from. Done in set-based SQL (INSERT … SELECT generate_series), one transaction per batch. When the role
 * may, a batch is written with triggers off, as a bulk import is (server/imports/without-triggers.ts): the rows
 * state their category, search vector and home-address flag, and remember their search words, themselves; the
 * foreign keys hold by construction, and the new citizens have no notification consents, so no notice is due.
 * Per-row triggers were two thirds of the time (6 million requests have 25 million timeline events).
 */
export async function generateDemoData(dataSource: DataSource, o: GenerateOptions): Promise<void> {
  const q = dataSource.createQueryRunner();
  await q.connect();
  const progress = o.onProgress ?? (() => {});
  const batch = o.batch ?? 50_000;
  try {
    // A batch is a bulk load, not a request: on a loaded machine it may outlast the 15 s a request is allowed.
    await q.query('SET statement_timeout = 0');
    await q.query('SELECT setseed(0.2021)'); // the same demo every time
    const [{ first }] = await q.query(`SELECT coalesce(max(id), 0) + 1 AS first FROM citizens`);
    for (let done = 0; done < o.citizens; done += batch) {
      await insertCitizens(q, first + done, Math.min(batch, o.citizens - done));
      progress('citizens', Math.min(done + batch, o.citizens), o.citizens);
    }
    const topics = await weightedTopics(q);
    for (let done = 0; done < o.requests; done += batch) {
      const n = Math.min(batch, o.requests - done);
      await q.startTransaction();
      try {
        const skipTriggers = await mayWriteWithoutTriggers(q);
        if (skipTriggers) await q.query('SET LOCAL session_replication_role = replica');
        const [{ after }] = await q.query('SELECT coalesce(max(id), 0) AS after FROM requests');
        await insertRequests(q, { n, after, tag: done, total: o.requests, topics, citizens: [first, first + o.citizens - 1], years: o.years, now: o.now ?? new Date(), skipTriggers });
        await countNumbers(q, after);
        await insertTimelinesAndCalls(q, after);
        await q.commitTransaction();
      } catch (e) {
        await q.rollbackTransaction();
        throw e;
      }
      progress('requests', done + n, o.requests);
    }
    await q.query('ANALYZE');
  } finally {
    await q.query('RESET statement_timeout').catch(() => undefined);
    await q.release();
  }
}

async function insertCitizens(q: QueryRunner, from: number, n: number): Promise<void> {
  const streets = Object.entries(STREETS).flatMap(([district, list]) => list.map((s) => `${district}|${s}`));
  await q.query(
    `WITH g AS (
       SELECT i, random() < 0.55 AS female, floor(random() * 14)::int + 1 AS name_i, $4::text[] AS streets,
              floor(random() * cardinality($4::text[]))::int + 1 AS street_i, random() AS r
         FROM generate_series($1::int, $1::int + $2::int - 1) i)
     INSERT INTO citizens (id, full_name, address, district_code, privileged, category, confidential, created_at)
     SELECT i,
            ($3::text[])[1 + i % cardinality($3::text[])] || CASE WHEN female AND ($3::text[])[1 + i % cardinality($3::text[])] !~ '(енко|ук|юк|ус|з|б)$' THEN 'а' ELSE '' END
              || ' ' || CASE WHEN female THEN ($6::text[])[name_i] || ' ' || ($7::text[])[name_i] ELSE ($5::text[])[name_i] || ' ' || ($8::text[])[name_i] END,
            split_part(streets[street_i], '|', 2) || ', ' || (1 + floor(r * 120)::int) || ', кв. ' || (1 + floor(random() * 90)::int),
            split_part(streets[street_i], '|', 1),
            r < 0.08, CASE WHEN r < 0.03 THEN 'war_veteran' WHEN r < 0.06 THEN 'disability' WHEN r < 0.08 THEN 'idp' END,
            random() < 0.01, now() - random() * interval '6 years'
       FROM g`,
    [from, n, SURNAMES, streets, MALE_NAMES.map((m) => m[0]), FEMALE_NAMES.map((f) => f[0]), FEMALE_NAMES.map((f) => f[1]), MALE_NAMES.map((m) => m[1])],
  );
  // Unique, well-formed Ukrainian mobile numbers: an operator code and the citizen's id.
  await q.query(
    `INSERT INTO citizen_phones (citizen_id, phone)
     SELECT id, '+380' || (ARRAY['50','63','66','67','68','73','93','95','96','97','98','99'])[1 + id % 12] || lpad(id::text, 7, '0')
       FROM citizens WHERE id BETWEEN $1 AND $1 + $2 - 1`,
    [from, n],
  );
  await q.query(`SELECT setval(pg_get_serial_sequence('citizens', 'id'), (SELECT max(id) FROM citizens))`);
}

/** Leaf topic codes repeated by the share of their category, for picking by a uniform random index. */
async function weightedTopics(q: QueryRunner): Promise<string[]> {
  const leaves: { code: string; parent: string }[] = await q.query(`SELECT code, parent_code AS parent FROM topics WHERE parent_code IS NOT NULL AND active`);
  return leaves.flatMap((t) => {
    const siblings = leaves.filter((l) => l.parent === t.parent).length;
    return Array(Math.max(1, Math.round((TOPIC_SHARES[t.parent] ?? 1) * 20 / siblings))).fill(t.code);
  });
}

const weighted = (shares: Record<string, number>) =>
  Object.entries(shares).flatMap(([k, share]) => Array(Math.max(1, Math.round(share * 10))).fill(k));

interface RequestBatch {
  n: number; after: number; tag: number; total: number; topics: string[]; citizens: [number, number]; years: number; now: Date;
  /** Triggers are off: the statement remembers its search words itself, as the statement trigger would. */
  skipTriggers: boolean;
}

/** How executors keep their deadlines in the demo (a city's usual picture: most on time, some late). */
const ON_TIME_SHARE = 0.8;
const LATE_MEAN_DAYS = 8;
const LATE_MAX_DAYS = 60;

async function insertRequests(q: QueryRunner, b: RequestBatch): Promise<void> {
  await q.query(
    `WITH g AS (
       -- Batches walk forward in time, so numbers follow the order of receipt within each year.
       SELECT i, $2::timestamptz - ($6::int * 365) * interval '1 day' * (1 - ($9::int + i - 1 + random()) / $10::int) AS received_at,
              ($3::text[])[1 + floor(random() * cardinality($3::text[]))::int] AS topic,
              ($4::text[])[1 + floor(random() * cardinality($4::text[]))::int] AS source,
              $7::int + floor(random() * ($8::int - $7::int + 1))::int AS citizen_id,
              random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
         FROM generate_series(1, $1::int) i),
     d AS (
       SELECT g.*, c.address, c.district_code, c.full_name, c.confidential, t.parent_code AS grp, t.deadline,
              CASE t.deadline WHEN 'emergency_24h' THEN interval '24 hours' WHEN 'days_15' THEN interval '15 days' ELSE interval '30 days' END AS term,
              extract(epoch FROM $2::timestamptz - g.received_at) / 86400 AS age_days
         FROM g JOIN citizens c ON c.id = g.citizen_id JOIN topics t ON t.code = g.topic),
     -- When the executor finishes: four in five within the term; the rest late by an exponential number of
     -- days (mean 8, at most 60), so what is overdue today is a tail of days to weeks, never years.
     f AS (
       SELECT d.*, received_at + CASE WHEN r4 < ${ON_TIME_SHARE} THEN term * (0.2 + 0.8 * r5)
                                      ELSE term + interval '1 day' * least(${LATE_MAX_DAYS}, -ln(1 - r5) * ${LATE_MEAN_DAYS}) END AS finish_at
         FROM d),
     -- A request is open until its executor finishes, then done until the citizen's callback (half a day to 4.5 days).
     s AS (
       SELECT f.*, finish_at + interval '1 day' * (0.5 + r2 * 4) AS confirm_at, CASE
                WHEN finish_at > $2::timestamptz THEN CASE WHEN r1 < 0.05 THEN 'registered' WHEN r1 < 0.35 THEN 'assigned' ELSE 'in_progress' END
                WHEN finish_at + interval '1 day' * (0.5 + r2 * 4) > $2::timestamptz THEN 'done'
                ELSE 'closed' END AS status
         FROM f),
     -- The request's place is the caller's home (the demo's requests are about where people live). Materialised:
     -- inlined, every mention of status or description below computed it again (a third of the statement's time).
     b AS MATERIALIZED (
       SELECT s.*, request_address_is_home(s.address, s.address) AS home,
              replace(coalesce($5::jsonb -> grp ->> floor(r3 * jsonb_array_length(coalesce($5::jsonb -> grp, '[]')))::int,
                               'Звернення громадянина.'), '{address}', address) AS description
         FROM s),
     added AS (
     INSERT INTO requests (number, received_at, source, external_number, kind, subject, signatories, topic_code, citizen_id,
       address, district_code, description, executor_id, status, result, answer, needs_study, due_at, flags, rework_count,
       satisfaction, closed_at, completed_at, created_at, updated_at, category, address_is_home, search_tsv)
     SELECT ${requestNumberSql('extract(year FROM received_at)::int', `coalesce((SELECT last FROM request_counters rc WHERE rc.year = extract(year FROM received_at)), 0)
              + row_number() OVER (PARTITION BY extract(year FROM received_at) ORDER BY received_at)`)},
            received_at, source,
            -- Unique per source (a sender's number names one appeal): past every request already there.
            CASE source WHEN 'ukc1545' THEN 'УКЦ-' || (1000000 + $11::int + i) WHEN 'regional_hotline' THEN 'ГЛ-' || (100000 + $11::int + i) END,
            CASE WHEN r2 < 0.7 THEN 'application' WHEN r2 < 0.9 THEN 'complaint' ELSE 'proposal' END,
            CASE WHEN r3 < 0.012 THEN 'collective' ELSE 'individual' END, CASE WHEN r3 < 0.012 THEN 2 + floor(r2 * 40)::int END,
            topic, citizen_id, address, district_code, description,
            CASE WHEN status <> 'registered' THEN (SELECT r.executor_id FROM routing_rules r WHERE r.topic_code = topic
              AND (r.district_code = b.district_code OR r.district_code IS NULL) ORDER BY r.district_code NULLS LAST LIMIT 1) END,
            status,
            CASE WHEN status IN ('done', 'closed') THEN CASE WHEN r2 < 0.6 THEN 'resolved' WHEN r2 < 0.9 THEN 'explained' WHEN r2 < 0.97 THEN 'refused' ELSE 'forwarded' END END,
            CASE WHEN status IN ('done', 'closed') THEN 'Роботи виконано, заявника поінформовано.' END,
            deadline IS DISTINCT FROM 'days_15', received_at + term,
            CASE WHEN r3 > 0.976 THEN ARRAY['repeated'] WHEN r3 > 0.962 THEN ARRAY['multiple'] ELSE '{}' END,
            CASE WHEN r2 > 0.97 THEN 1 ELSE 0 END,
            CASE WHEN status = 'closed' THEN 3 + floor(r2 * 3)::int END,
            CASE WHEN status = 'closed' THEN confirm_at END,
            CASE WHEN status IN ('done', 'closed') THEN finish_at END,
            received_at, received_at,
            CASE WHEN source = ANY($12::text[]) THEN 'service' ELSE 'appeal' END, home,
            request_search_tsv_with_body(full_name, confidential, address, description, home, request_body_tsv(address, description))
       FROM b
     RETURNING search_tsv)
     ${b.skipTriggers ? 'SELECT remember_search_words(ARRAY(SELECT DISTINCT unnest(tsvector_to_array(search_tsv)) FROM added))' : 'SELECT count(*) FROM added'}`,
    [b.n, b.now.toISOString(), b.topics, weighted(SOURCE_SHARES), JSON.stringify(COMPLAINTS), b.years, b.citizens[0], b.citizens[1], b.tag, b.total, b.after, SERVICE_SOURCES],
  );
}

/** Moves the per-year counters past the numbers a batch used, so the next number is free. */
async function countNumbers(q: QueryRunner, after: number): Promise<void> {
  await q.query(`
    INSERT INTO request_counters (year, last)
    SELECT split_part(number, '-', 1)::int, max(split_part(number, '-', 2)::int) FROM requests WHERE id > $1 GROUP BY 1
    ON CONFLICT (year) DO UPDATE SET last = greatest(request_counters.last, excluded.last)`, [after]);
}

async function insertTimelinesAndCalls(q: QueryRunner, after: number): Promise<void> {
  await q.query(`
    INSERT INTO request_events (request_id, at, action, to_status)
    SELECT id, received_at, 'registered', 'registered' FROM requests WHERE id > $1
    UNION ALL SELECT id, received_at + interval '5 minutes', 'assign', 'assigned' FROM requests WHERE id > $1 AND executor_id IS NOT NULL AND status <> 'registered'
    UNION ALL SELECT id, received_at + least(interval '1 day', coalesce((completed_at - received_at) / 2, interval '1 day')), 'start', 'in_progress' FROM requests WHERE id > $1 AND status IN ('in_progress', 'done', 'closed')
    UNION ALL SELECT id, completed_at, 'complete', 'done' FROM requests WHERE id > $1 AND status IN ('done', 'closed')
    UNION ALL SELECT id, closed_at, 'confirm', 'closed' FROM requests WHERE id > $1 AND status = 'closed'`, [after]);
  // Requests that came by phone came from a call; the call log knows them.
  await q.query(`
    INSERT INTO calls (id, caller_number, citizen_id, queue, direction, queued_at, offered_at, answered_at, ended_at,
                       hold_seconds, talk_seconds, outcome, hangup_by, wrap_up_kind, wrapped_up_at)
    SELECT 'demo-' || r.id, p.phone, r.citizen_id, 'hotline', 'in', r.received_at - interval '4 minutes',
           r.received_at - interval '3 minutes 30 seconds', r.received_at - interval '3 minutes 20 seconds', r.received_at,
           40, 200, 'answered', 'caller', 'request', r.received_at + interval '1 minute'
      FROM requests r JOIN citizen_phones p ON p.citizen_id = r.citizen_id
     WHERE r.id > $1 AND r.source = 'call'`, [after]);
  await q.query(`
    INSERT INTO call_requests (call_id, request_id)
    SELECT 'demo-' || r.id, r.id FROM requests r WHERE r.id > $1 AND r.source = 'call'`, [after]);
}
