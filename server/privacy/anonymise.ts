import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Sql } from '../citizens/citizens.repository';
import { notFound } from '../http/errors';
import { redactName } from './name-forms';
import { anonymiseCalls, anonymiseCard, anonymiseConsultations, anonymiseRequests, markRecordingsForErasure, type Subject } from './anonymise-rows';
import { forgetConsents } from '../notifications/consents';
import { legalHoldError, legalHolds, type LegalHold } from './legal-hold';
import { redactPhones } from './phones-in-text';

export interface AnonymiseInput {
  citizenId: number;
  /** Why: the citizen's application, or the retention period that ran out. Recorded with the counts. */
  reason: string;
  /** Who: null for a scheduled job. */
  actorId: number | null;
  ip?: string | null;
  /** Written in the anonymisation's own transaction (the retention job's progress), so neither exists without the other. */
  alongside?: (sql: Sql, done: Anonymised) => Promise<void>;
}

export interface Anonymised {
  citizenId: number;
  at: string;
  /** Rows changed per kind: what the audit line records too. */
  changed: Record<string, number>;
}

/**
 * Anonymises one citizen in one transaction: everything or nothing. Refused with 409 `legal_hold` (the refusal
 * audited with its reason) while the law keeps the data; 404 when there is no such citizen. The audit line of
 * the anonymisation is written in the same transaction, so no change exists without its record. Usable by
 * the retention job as it is (actorId null).
 */
export async function anonymiseCitizen(dataSource: DataSource, audit: AuditService, input: AnonymiseInput): Promise<Anonymised> {
  const outcome = await dataSource.transaction(async (m): Promise<{ held: LegalHold[] } | { done: Anonymised }> => {
    const [card] = await m.query('SELECT id, full_name AS "fullName", address FROM citizens WHERE id = $1 FOR UPDATE', [input.citizenId]);
    if (!card) throw notFound('Citizen');
    const held = await legalHolds(m, input.citizenId);
    if (held.length) return { held };
    const phones: { phone: string; shared: boolean }[] = await m.query(
      `SELECT phone, EXISTS (SELECT 1 FROM citizen_phones o WHERE o.phone = p.phone AND o.citizen_id <> p.citizen_id) AS shared
         FROM citizen_phones p WHERE citizen_id = $1 ORDER BY phone`, [input.citizenId]);
    const subject: Subject = { ...card, phones: phones.map((p) => p.phone), ownPhones: phones.filter((p) => !p.shared).map((p) => p.phone) };
    const redact = (text: string) => redactPhones(redactName(text, subject.fullName), subject.phones);
    const { requests, events, external } = await anonymiseRequests(m, subject);
    const { recordings } = await markRecordingsForErasure(m, subject);
    const changed = {
      ...(await anonymiseCard(m, subject)),
      requests, requestEvents: events, requestExternal: external,
      ...(await anonymiseCalls(m, subject)),
      ...(await anonymiseConsultations(m, subject, redact)),
      recordingsToErase: recordings,
      notificationConsents: await forgetConsents(m, input.citizenId),
    };
    const [{ at }] = await m.query(
      `INSERT INTO audit_log (user_id, action, entity, entity_id, detail, ip) VALUES ($1, 'anonymise', 'citizen', $2, $3, $4) RETURNING at`,
      [input.actorId, String(input.citizenId), { reason: input.reason, changed }, input.ip ?? null]);
    const done: Anonymised = { citizenId: input.citizenId, at: at.toISOString(), changed };
    await input.alongside?.(m, done);
    return { done };
  });
  if ('done' in outcome) return outcome.done;
  const refusal = legalHoldError(outcome.held);
  await audit.record({ userId: input.actorId, action: 'anonymise_refused', entity: 'citizen', entityId: input.citizenId,
    detail: { reason: refusal.message, asked: input.reason, holds: outcome.held }, ip: input.ip });
  throw refusal;
}
