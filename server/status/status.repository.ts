import type { Sql } from '../citizens/citizens.repository';
import { executorRedaction } from '../requests/confidential';

/** What the status page may show: no name, phone, address or description, only the request's course. */
export interface PublicStatus {
  number: string;
  status: string;
  topic: string;
  executor: string | null;
  receivedAt: string;
  dueAt: string | null;
  answer: string | null;
  satisfaction: number | null;
  timeline: { at: string; step: string; executor?: string; dueAt?: string }[];
}

/** The request plus what only the server uses (its id, the phone that matched). */
export interface FoundRequest {
  id: number;
  citizenId: number;
  phone: string;
  view: PublicStatus;
}

/** Timeline steps a citizen is shown; comments, callbacks, internal asks are not. */
const PUBLIC_STEPS = ['registered', 'assign', 'start', 'complete', 'return', 'confirm', 'extend', 'extension_approved', 'forward', 'cancel'];

/**
 * The request with this number whose applicant has a phone ending in these four digits, or null. One query
 * for both checks: a wrong number and a wrong phone take the same path and give the same null.
 */
export async function findByNumberAndPhone(sql: Sql, number: string, lastFour: string): Promise<FoundRequest | null> {
  const [row] = await sql.query(
    `SELECT r.id, r.citizen_id AS "citizenId", p.phone, r.number, r.status, t.name_uk AS topic, e.name_uk AS executor, r.received_at AS "receivedAt",
            r.due_at AS "dueAt", r.answer, r.satisfaction, r.address, c.full_name AS "citizenName", c.address AS "citizenAddress",
            r.address_is_home AS "addressIsHome"
       FROM requests r
       JOIN citizen_phones p ON p.citizen_id = r.citizen_id AND right(p.phone, 4) = $2
       JOIN citizens c ON c.id = r.citizen_id
       JOIN topics t ON t.code = r.topic_code
       LEFT JOIN executors e ON e.id = r.executor_id
      WHERE r.number = $1
      ORDER BY p.phone LIMIT 1`,
    [number, lastFour],
  );
  if (!row) return null;
  const events = await sql.query(
    `SELECT at, action, data->>'executorName' AS executor, data->>'dueAt' AS "dueAt"
       FROM request_events WHERE request_id = $1 AND action = ANY($2::text[]) ORDER BY at, id`,
    [row.id, PUBLIC_STEPS],
  );
  // The answer is the executor's words: whatever of the applicant they carry is cut, as for a confidential one.
  const hide = executorRedaction({ ...row, confidential: true });
  return {
    id: row.id, citizenId: row.citizenId, phone: row.phone,
    view: {
      number: row.number, status: row.status, topic: row.topic, executor: row.executor,
      receivedAt: iso(row.receivedAt)!, dueAt: iso(row.dueAt), answer: row.answer ? hide!.text(row.answer) : null, satisfaction: row.satisfaction,
      timeline: events.map((e: { at: Date; action: string; executor: string | null; dueAt: string | null }) => ({
        at: iso(e.at)!, step: e.action,
        ...(e.action === 'assign' && e.executor ? { executor: e.executor } : {}),
        ...((e.action === 'extend' || e.action === 'extension_approved' || e.action === 'return') && e.dueAt ? { dueAt: e.dueAt } : {}),
      })),
    },
  };
}

const iso = (d: Date | string | null): string | null => (d == null ? null : new Date(d).toISOString());
