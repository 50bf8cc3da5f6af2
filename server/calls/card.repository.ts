import type { Sql } from '../citizens/citizens.repository';
import { OPEN } from '../requests/transitions';

export interface CardCitizenRow {
  id: number;
  fullName: string | null;
  phones: string[];
  address: string | null;
  district: string | null;
  category: string | null;
  privileged: boolean;
  confidential: boolean;
}

export interface CardRequestRow {
  id: number;
  number: string;
  status: string;
  topicCode: string;
  topicName: string;
  executorId: number | null;
  executorName: string | null;
  dueAt: string | null;
}

export interface CardCallRow {
  callId: string;
  at: string;
  queue: string | null;
  outcome: string;
  talkSeconds: number | null;
}

export interface CardRows {
  citizen: CardCitizenRow | null;
  open: CardRequestRow[];
  closed: CardRequestRow[];
  calls: CardCallRow[];
  callsLast30Days: number;
}

export const CARD_LIMITS = { open: 20, closed: 5, calls: 5 };

const REQUEST_JSON = `json_build_object('id', r.id, 'number', r.number, 'status', r.status, 'topicCode', r.topic_code,
  'topicName', t.name_uk, 'executorId', r.executor_id, 'executorName', e.name_uk, 'dueAt', r.due_at)`;
const REQUESTS_FROM = `requests r JOIN topics t ON t.code = r.topic_code LEFT JOIN executors e ON e.id = r.executor_id`;
// Calls of the citizen, or from the number when nobody is known by it; the current call is not history.
const CALLS_WHERE = `(c.citizen_id = (SELECT id FROM who) OR c.caller_number = $2) AND c.id <> $3`;

/**
 * The whole caller card in one round trip: the citizen by phone, then (all on indexes: citizen_phones_phone,
 * requests_citizen, calls_citizen / calls_caller_number) their open and last closed requests and their calls.
 * One statement keeps the pop at one pool checkout and one network round trip under load.
 */
const CARD_SQL = `
WITH who AS (
  SELECT c.id, c.full_name AS "fullName", c.address, c.district_code AS district, c.category, c.privileged, c.confidential,
         ARRAY(SELECT p.phone FROM citizen_phones p WHERE p.citizen_id = c.id ORDER BY p.phone) AS phones
    FROM citizens c
   WHERE ($1::int IS NOT NULL AND c.id = $1) OR ($1::int IS NULL AND c.id IN (SELECT citizen_id FROM citizen_phones WHERE phone = $2))
   ORDER BY c.updated_at DESC LIMIT 1
)
SELECT
  (SELECT row_to_json(who) FROM who) AS citizen,
  (SELECT coalesce(json_agg(x.j), '[]') FROM (SELECT ${REQUEST_JSON} AS j FROM ${REQUESTS_FROM}
      WHERE r.citizen_id = (SELECT id FROM who) AND r.status = ANY($4) ORDER BY r.received_at DESC LIMIT ${CARD_LIMITS.open}) x) AS open,
  (SELECT coalesce(json_agg(x.j), '[]') FROM (SELECT ${REQUEST_JSON} AS j FROM ${REQUESTS_FROM}
      WHERE r.citizen_id = (SELECT id FROM who) AND r.status <> ALL($4) ORDER BY r.received_at DESC LIMIT ${CARD_LIMITS.closed}) x) AS closed,
  (SELECT coalesce(json_agg(x.j), '[]') FROM (SELECT json_build_object('callId', c.id, 'at', coalesce(c.queued_at, c.offered_at),
        'queue', c.queue, 'outcome', c.outcome, 'talkSeconds', c.talk_seconds) AS j
      FROM calls c WHERE ${CALLS_WHERE} ORDER BY coalesce(c.queued_at, c.offered_at) DESC NULLS LAST LIMIT ${CARD_LIMITS.calls}) x) AS calls,
  (SELECT count(*)::int FROM calls c WHERE ${CALLS_WHERE} AND c.queued_at > now() - interval '30 days') AS "callsLast30Days"`;

/** Reads a caller card by phone (E.164 or null when withheld) or by citizen id. */
export async function readCardRows(sql: Sql, by: { phone: string | null; citizenId?: number; excludeCallId?: string }): Promise<CardRows> {
  const [row] = await sql.query(CARD_SQL, [by.citizenId ?? null, by.phone, by.excludeCallId ?? '', OPEN]);
  return row as CardRows;
}
