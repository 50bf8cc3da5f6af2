import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { conflict, notFound } from '../http/errors';
import { createRequestsService, type Actor } from '../requests/requests.service';
import type { ConsultationsRepository } from './consultations.repository';
import type { OutcomeInput } from './consultations.schemas';

/**
 * The result of one question: answered on the call, or turned in one step into a request (source
 * `consultation`) that the Requests flow routes with its deadline. The summary follows every change.
 */
export function createOutcomes(deps: { dataSource: DataSource; audit: AuditService; repo: ConsultationsRepository }) {
  const { dataSource, repo } = deps;
  const requests = createRequestsService(dataSource, deps.audit);

  return async function record(id: number, participantId: number, input: OutcomeInput, actor: Actor): Promise<void> {
    const c = await repo.byId(dataSource, id);
    if (!c || (actor.user.role === 'official' && c.officialId !== actor.user.id)) throw notFound('Consultation');
    if (c.status !== 'running' && c.status !== 'ended') throw conflict('illegal_state', `Outcomes are recorded during or after the consultation; it is ${c.status}.`);
    const p = await repo.participant(dataSource, id, participantId);
    if (!p) throw notFound('Participant');
    if (p.outcome === 'request') throw conflict('outcome_recorded', `A request (${p.requestNumber}) was already made from this question.`);
    let requestId: number | null = null;
    if (input.outcome === 'request') {
      const created = await requests.create({
        citizenId: p.citizenId, topicCode: input.topicCode, description: input.description ?? p.question, source: 'consultation',
        kind: 'application', subject: 'individual', needsStudy: input.needsStudy,
      }, actor);
      requestId = created.id;
    }
    await repo.setOutcome(dataSource, participantId, input.outcome, requestId);
    await repo.writeSummary(dataSource, id);
  };
}
