import type { Sql } from '../citizens/citizens.repository';
import { AppError } from '../http/errors';
import { OPEN } from '../requests/transitions';

/** What keeps a citizen's data by law: their appeal is still being handled, or they await a consultation. */
export type LegalHold =
  | { kind: 'open_request'; requestId: number; number: string; status: string }
  | { kind: 'upcoming_consultation'; consultationId: number; startsAt: string };

/**
 * The holds on one citizen, the rows locked until the transaction ends: a request cannot be reopened nor a
 * registration made between this check and the anonymisation. An open request is any not yet closed,
 * forwarded or cancelled — `done` waits for the citizen's confirmation and `returned` is rework (Law on
 * citizens' appeals, Art. 20: the appeal is handled until its answer is accepted).
 */
export async function legalHolds(sql: Sql, citizenId: number): Promise<LegalHold[]> {
  const requests: { id: number; number: string; status: string }[] = await sql.query(
    'SELECT id, number, status FROM requests WHERE citizen_id = $1 ORDER BY id FOR UPDATE', [citizenId]);
  const consultations: { id: number; startsAt: Date }[] = await sql.query(
    `SELECT DISTINCT c.id, c.starts_at AS "startsAt" FROM consultation_participants p JOIN consultations c ON c.id = p.consultation_id
      WHERE p.citizen_id = $1 AND c.status IN ('scheduled', 'running') ORDER BY c.id`, [citizenId]);
  return [
    ...requests.filter((r) => (OPEN as readonly string[]).includes(r.status))
      .map((r): LegalHold => ({ kind: 'open_request', requestId: r.id, number: r.number, status: r.status })),
    ...consultations.map((c): LegalHold => ({ kind: 'upcoming_consultation', consultationId: c.id, startsAt: c.startsAt.toISOString() })),
  ];
}

/** The refusal, in the API's error shape: the message and `fields` name every request and consultation that holds. */
export function legalHoldError(holds: LegalHold[]): AppError {
  const requests = holds.flatMap((h) => (h.kind === 'open_request' ? [`${h.number} (${h.status})`] : []));
  const consultations = holds.flatMap((h) => (h.kind === 'upcoming_consultation' ? [String(h.consultationId)] : []));
  const why = [
    requests.length ? `open requests ${requests.join(', ')}` : null,
    consultations.length ? `registered for consultations ${consultations.join(', ')}` : null,
  ].filter(Boolean).join('; ');
  const fields: Record<string, string> = {};
  if (requests.length) fields.requests = requests.join(', ');
  if (consultations.length) fields.consultations = consultations.join(', ');
  return new AppError(409, 'legal_hold', `The law keeps this citizen's data while it is in use: ${why}.`, fields);
}
