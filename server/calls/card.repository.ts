import type { DataSource } from 'typeorm';
import type { CardCitizen, CardEscalation, CardNotice } from '../realtime/contract';
import { CARD_ESCALATION_SQL } from '../escalations/card-escalation.sql';
import { CARD_NOTICES_SQL } from '../notices/card-notices.sql';
import { OPEN } from '../requests/transitions';

/** The card's citizen is exactly what the console receives. */
export type CardCitizenRow = CardCitizen;

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
  notices: CardNotice[];
  escalation: CardEscalation | null;
}

export const CARD_LIMITS = { open: 20, closed: 5, calls: 5 };

const REQUEST_JSON = `json_build_object('id', r.id, 'number', r.number, 'status', r.status, 'topicCode', r.topic_code,
  'topicName', t.name_uk, 'executorId', r.executor_id, 'executorName', e.name_uk, 'dueAt', r.due_at)`;
const REQUESTS_FROM = `requests r JOIN topics t ON t.code = r.topic_code LEFT JOIN executors e ON e.id = r.executor_id`;
const CALL_COLUMNS = `id, queued_at, queue, outcome, talk_seconds`;

/** Who is calling: by phone (the most recently updated citizen with that number) or by id. */
const WHO = {
  phone: `c.id = (SELECT p.citizen_id FROM citizen_phones p JOIN citizens x ON x.id = p.citizen_id
                   WHERE p.phone = $1 ORDER BY x.updated_at DESC LIMIT 1)`,
  id: `c.id = $1`,
};

/**
 * The whole caller card in one statement and one round trip: the citizen, their open and last closed
 * requests (requests_citizen), and their calls or the number's (calls_citizen and calls_caller_number, as a
 * UNION so that each side is an index range scan; an OR would not be). The current call is not history.
 */
function cardSql(who: string): string {
  const callsOf = (extra: string, limit: string) => `
    (SELECT ${CALL_COLUMNS} FROM calls WHERE citizen_id = (SELECT id FROM who) AND id <> $3 ${extra} ORDER BY queued_at DESC ${limit})
    UNION
    (SELECT ${CALL_COLUMNS} FROM calls WHERE caller_number = $2 AND id <> $3 ${extra} ORDER BY queued_at DESC ${limit})`;
  return `
WITH who AS (
  SELECT c.id, c.full_name AS "fullName", c.address, c.district_code AS district, c.category, c.privileged, c.confidential,
         ARRAY(SELECT p.phone FROM citizen_phones p WHERE p.citizen_id = c.id ORDER BY p.phone) AS phones
    FROM citizens c WHERE ${who}
)
SELECT
  (SELECT row_to_json(who) FROM who) AS citizen,
  (SELECT coalesce(json_agg(x.j), '[]') FROM (SELECT ${REQUEST_JSON} AS j FROM ${REQUESTS_FROM}
      WHERE r.citizen_id = (SELECT id FROM who) AND r.status = ANY($4) ORDER BY r.received_at DESC LIMIT ${CARD_LIMITS.open}) x) AS open,
  (SELECT coalesce(json_agg(x.j), '[]') FROM (SELECT ${REQUEST_JSON} AS j FROM ${REQUESTS_FROM}
      WHERE r.citizen_id = (SELECT id FROM who) AND r.status <> ALL($4) ORDER BY r.received_at DESC LIMIT ${CARD_LIMITS.closed}) x) AS closed,
  (SELECT coalesce(json_agg(json_build_object('callId', k.id, 'at', k.queued_at, 'queue', k.queue, 'outcome', k.outcome,
        'talkSeconds', k.talk_seconds,
        'recording', (SELECT json_build_object('available', rec.state = 'available', 'durationSeconds', rec.duration_seconds::float)
                        FROM recordings rec WHERE rec.call_id = k.id AND rec.state <> 'deleted')) ORDER BY k.queued_at DESC), '[]')
     FROM (SELECT * FROM (${callsOf('', `LIMIT ${CARD_LIMITS.calls}`)}) u ORDER BY queued_at DESC LIMIT ${CARD_LIMITS.calls}) k) AS calls,
  (SELECT count(*)::int FROM (${callsOf(`AND queued_at > now() - interval '30 days'`, '')}) m) AS "callsLast30Days",
  ${CARD_NOTICES_SQL} AS notices,
  ${CARD_ESCALATION_SQL} AS escalation`;
}
const CARD_SQL = { phone: cardSql(WHO.phone), id: cardSql(WHO.id) };

/** Runs a named statement; `name` lets PostgreSQL keep it prepared per connection. */
export type NamedQuery = (name: string, text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Named statements straight on TypeORM's pg pool: each connection plans the card once instead of on every
 * pop (planning this statement costs about as much as running it).
 */
export function namedQuery(dataSource: DataSource): NamedQuery {
  return async (name, text, values) => {
    const pool = (dataSource.driver as unknown as { master?: { query(q: object): Promise<{ rows: Record<string, unknown>[] }> } }).master;
    if (!pool) return dataSource.query(text, values);
    return (await pool.query({ name, text, values })).rows;
  };
}

/** Reads a caller card by phone (E.164 or null when withheld) or by citizen id. */
export async function readCardRows(run: NamedQuery, by: { phone: string | null; citizenId?: number; excludeCallId?: string }): Promise<CardRows> {
  // $1 is who to look up (the phone or the id); $2 the number whose calls count too.
  const byId = by.citizenId !== undefined;
  const [row] = await run(byId ? 'card_by_id' : 'card_by_phone', byId ? CARD_SQL.id : CARD_SQL.phone, [byId ? by.citizenId : by.phone, by.phone, by.excludeCallId ?? '', OPEN]);
  return row as unknown as CardRows;
}
