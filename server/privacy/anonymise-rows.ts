import { withoutFlat } from '../addresses/normalise';
import type { Sql } from '../citizens/citizens.repository';
import { executorRedaction } from '../requests/confidential';
import { redactPhones } from './phones-in-text';

/** The citizen as they were, before anything is cut: every text is redacted against these. */
export interface Subject {
  id: number;
  fullName: string | null;
  address: string | null;
  phones: string[];
  /** The phones no other citizen has: calls and callbacks from them are this citizen's even when not linked. */
  ownPhones: string[];
}

type Redact = (text: string) => string;

const count = async (sql: Sql, update: string, args: unknown[]): Promise<number> =>
  (await sql.query(`WITH changed AS (${update} RETURNING 1) SELECT count(*)::int AS n FROM changed`, args))[0].n;

/** Every string inside a JSON value, redacted; keys, numbers and the shape stay. */
function redactJson(value: unknown, redact: Redact): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactJson(v, redact));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v, redact)]));
  return value;
}

/**
 * The citizen's requests: the description, the answer, the executor's view of them and every timeline comment
 * lose the name (in its case forms), the phones (in any spelling) and the home's flat, exactly as a confidential
 * applicant's are cut for executors (requests/confidential.ts); the request's address, when it is the home,
 * keeps the building. Topic, dates, executor, status and result are not touched, so no report moves. The
 * search vectors follow by their triggers.
 */
export async function anonymiseRequests(sql: Sql, s: Subject): Promise<{ requests: number; events: number; external: number }> {
  const rows: { id: number; address: string | null; addressIsHome: boolean; description: string; answer: string | null; executorDescription: string | null }[] =
    await sql.query(`SELECT id, address, address_is_home AS "addressIsHome", description, answer, executor_description AS "executorDescription"
                       FROM requests WHERE citizen_id = $1 ORDER BY id`, [s.id]);
  let requests = 0;
  let events = 0;
  let external = 0;
  for (const r of rows) {
    const cut = executorRedaction({ confidential: true, citizenName: s.fullName, citizenAddress: s.address, address: r.address, addressIsHome: r.addressIsHome })!;
    const redact: Redact = (text) => redactPhones(cut.text(text), s.phones);
    const next = { description: redact(r.description), answer: r.answer && redact(r.answer), executorDescription: r.executorDescription && redact(r.executorDescription) };
    if (next.description !== r.description || next.answer !== r.answer || next.executorDescription !== r.executorDescription || cut.address !== r.address) {
      await sql.query(`UPDATE requests SET description = $2, answer = $3, executor_description = $4, address = $5, version = version + 1 WHERE id = $1`,
        [r.id, next.description, next.answer, next.executorDescription, cut.address]);
      requests++;
    }
    events += await anonymiseTimeline(sql, r.id, redact);
    const [x] = await sql.query('SELECT fields FROM request_external WHERE request_id = $1', [r.id]);
    const fields = x && JSON.stringify(redactJson(x.fields, redact));
    if (x && fields !== JSON.stringify(x.fields)) external += await count(sql, 'UPDATE request_external SET fields = $2 WHERE request_id = $1', [r.id, fields]);
  }
  return { requests, events, external };
}

async function anonymiseTimeline(sql: Sql, requestId: number, redact: Redact): Promise<number> {
  const events: { id: string; comment: string | null; data: unknown }[] = await sql.query('SELECT id, comment, data FROM request_events WHERE request_id = $1', [requestId]);
  let changed = 0;
  for (const e of events) {
    const comment = e.comment && redact(e.comment);
    const data = e.data == null ? null : JSON.stringify(redactJson(e.data, redact));
    if (comment === e.comment && data === (e.data == null ? null : JSON.stringify(e.data))) continue;
    await sql.query('UPDATE request_events SET comment = $2, data = $3 WHERE id = $1', [e.id, comment, data]);
    changed++;
  }
  return changed;
}

/** The card: no name, no phones, the home without its flat. District, applicant category and flags stay for the statistics. */
export async function anonymiseCard(sql: Sql, s: Subject): Promise<{ citizens: number; phones: number }> {
  const citizens = await count(sql, 'UPDATE citizens SET full_name = NULL, address = $2, updated_at = now() WHERE id = $1',
    [s.id, s.address && withoutFlat(s.address)]);
  const phones = await count(sql, 'DELETE FROM citizen_phones WHERE citizen_id = $1', [s.id]);
  return { citizens, phones };
}

/** The call log keeps each call (queue, times, outcome, agent) without the number or the name it came with. */
/**
 * The voice is personal data too. A file cannot be removed inside this transaction: the citizen's recordings are
 * marked, and the recordings purge (server/calls/recording/retention.ts) removes their files on its next run.
 * Runs before anonymiseCalls, which forgets the numbers that find the citizen's unlinked calls.
 */
export async function markRecordingsForErasure(sql: Sql, s: Subject): Promise<{ recordings: number }> {
  const recordings = await count(sql, `UPDATE recordings SET erase_requested_at = now()
      WHERE erase_requested_at IS NULL AND state IN ('recording', 'available')
        AND call_id IN (SELECT id FROM calls WHERE citizen_id = $1 OR (citizen_id IS NULL AND caller_number = ANY($2::text[])))`,
  [s.id, s.ownPhones]);
  return { recordings };
}

export async function anonymiseCalls(sql: Sql, s: Subject): Promise<{ calls: number; callbackOutcomes: number }> {
  const calls = await count(sql, `UPDATE calls SET caller_number = NULL, caller_name = NULL
      WHERE (citizen_id = $1 OR (citizen_id IS NULL AND caller_number = ANY($2::text[])))
        AND (caller_number IS NOT NULL OR caller_name IS NOT NULL)`, [s.id, s.ownPhones]);
  // The worklist's outcomes are keyed by the number: '' matches no caller, and the count of outcomes stays.
  const callbackOutcomes = await count(sql, "UPDATE abandoned_outcomes SET phone = '' WHERE phone = ANY($1::text[])", [s.ownPhones]);
  return { calls, callbackOutcomes };
}

/** Registrations keep the consultation, the topic and the outcome; the question loses the name, the legs the number. */
export async function anonymiseConsultations(sql: Sql, s: Subject, redact: Redact): Promise<{ consultationRegistrations: number; consultationLegs: number }> {
  const rows: { id: number; question: string }[] = await sql.query('SELECT id, question FROM consultation_participants WHERE citizen_id = $1', [s.id]);
  for (const p of rows) await sql.query("UPDATE consultation_participants SET phone = '', question = $2 WHERE id = $1", [p.id, redact(p.question)]);
  const consultationLegs = await count(sql, "UPDATE consultation_legs SET number = '' WHERE participant_id = ANY($1::int[])", [rows.map((p) => p.id)]);
  return { consultationRegistrations: rows.length, consultationLegs };
}
