import type { DataSource } from 'typeorm';
import type { AbandonedOutcomeKind } from '../../../db/entities';
import type { AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../auth/auth.types';
import { AppError, badRequest } from '../../http/errors';
import { normalisePhone } from '../../phones';
import { awaitsOutcome, callWithNumber, classifyCallback, insertOutcome, listWorklist } from './abandoned.repository';
import { toWorklistEntry } from './abandoned.view';

export interface WorklistDeps {
  dataSource: DataSource;
  audit: AuditService;
  /** Tells every console that the list changed (an outcome was recorded), and which numbers it shows. */
  notifier: { changed(): void; remember(numbers: string[]): void };
  /** A call was classified outside `/calls` (its wrap-up hold lifted, the agent's desk freed). */
  onClassified?(userId: number, callId: string): void;
}

/** The abandoned-caller worklist: read (audited, it holds callers' numbers) and worked (an outcome per callback). */
export function createWorklistService(deps: WorklistDeps) {
  const { dataSource, audit } = deps;
  return {
    async list(user: AuthUser, ip: string | undefined, now = new Date()) {
      const items = (await listWorklist(dataSource, now)).map(toWorklistEntry);
      deps.notifier.remember(items.map((i) => i.number));
      await audit.record({ userId: user.id, action: 'read', entity: 'abandoned_worklist', detail: { rows: items.length }, ip });
      return { items, total: items.length };
    },

    async recordOutcome(user: AuthUser, input: { number: string; outcome: AbandonedOutcomeKind; callId?: string }) {
      const phone = normalisePhone(input.number);
      if (!phone) throw badRequest('The phone number is not valid.', { number: 'not a valid phone number' });
      if (!(await awaitsOutcome(dataSource, phone))) {
        throw new AppError(404, 'not_on_worklist', 'This number is not on the worklist (or was already handled).', { number: 'not on the worklist' });
      }
      if (input.callId && !(await callWithNumber(dataSource, input.callId, phone))) {
        throw badRequest('That call was not with this number.', { callId: 'not a call with this number' });
      }
      const row = await insertOutcome(dataSource, { phone, outcome: input.outcome, userId: user.id, callId: input.callId ?? null });
      // The agent's own callback, not classified yet: its outcome is its wrap-up.
      if (input.callId && (await classifyCallback(dataSource, input.callId, user.id))) deps.onClassified?.(user.id, input.callId);
      deps.notifier.changed();
      return { id: row.id, number: row.phone, outcome: row.outcome, callId: row.callId, at: row.at.toISOString(), by: row.by };
    },
  };
}
export type WorklistService = ReturnType<typeof createWorklistService>;
