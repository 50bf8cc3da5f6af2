import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Sql } from '../citizens/citizens.repository';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { dueDate, extendedDueDate, MAX_TOTAL_DAYS } from './deadlines';
import { createReferenceChecks } from './reference-checks';
import type { PendingExtension, RequestRow } from './requests.repository';
import { createRequestsRepository } from './requests.repository';
import type { ApplicantNotice, TransitionInput } from './requests.schemas';
import type { Actor, RequestsOptions } from './requests.service';
import { visibleTo } from './requests.service';
import { asksApproval, decide, TRANSITIONS, type Status } from './transitions';

type ExtendInput = Extract<TransitionInput, { action: 'extend' }>;

/** What one action changes: columns of the request, and the words of its timeline event. */
interface Effect {
  set: Record<string, unknown>;
  /** The timeline's name for what happened, when it is not the action's own (an ask, an approval). */
  event?: string;
  comment: string | null;
  data?: Record<string, unknown>;
  /** Extra timeline lines after the action's own, e.g. the notice given to the applicant. */
  follow?: { action: string; comment: string | null; data?: Record<string, unknown> }[];
}

/**
 * Applies one action of the transition table to a request, under a row lock: concurrent changes queue, and
 * the loser sees the winner's state (409 illegal_transition) or a newer version (409 version_conflict).
 */
export function createTransitions(dataSource: DataSource, audit: AuditService, o: Pick<RequestsOptions, 'now'>) {
  const repo = createRequestsRepository();
  const checks = createReferenceChecks(dataSource);

  async function effectOf(sql: Sql, action: TransitionInput, row: RequestRow, now: Date, actor: Actor): Promise<Effect> {
    switch (action.action) {
      case 'assign': {
        const executor = await checks.executor(action.executorId, 'executorId');
        return { set: { executor_id: executor.id }, comment: null, data: { executorId: executor.id, executorName: executor.name } };
      }
      case 'start':
        return { set: {}, comment: null };
      case 'complete':
        return {
          set: { result: action.result, answer: action.answer, completed_at: now, callback_attempts: 0, last_callback_at: null },
          comment: action.answer, data: { result: action.result },
        };
      case 'confirm':
        return { set: { satisfaction: action.satisfaction, closed_at: now }, comment: null, data: { satisfaction: action.satisfaction } };
      case 'return':
        return returnForRework(sql, action.reason, row, now);
      case 'extend':
        return asksApproval('extend', actor.user.role) ? askExtension(action, row, now, actor) : extend(action.days, action.reason, row, action.notice);
      case 'approve_extension':
        return approveExtension(row, action.notice);
      case 'reject_extension':
        return rejectExtension(action.reason, row);
      case 'forward':
        return { set: { result: 'forwarded', closed_at: now }, comment: action.reason };
      case 'cancel':
        return { set: { closed_at: now }, comment: action.reason };
      case 'comment':
        return { set: {}, comment: action.text ?? action.comment ?? '' };
    }
  }

  /** Not confirmed by the citizen: back to the executor with a fresh term and one more rework counted. */
  async function returnForRework(sql: Sql, reason: string, row: RequestRow, now: Date): Promise<Effect> {
    const [topic] = await sql.query('SELECT deadline, emergency_hours AS "emergencyHours" FROM topics WHERE code = $1', [row.topicCode]);
    const due = dueDate(now, topic, row.needsStudy);
    return {
      set: { rework_count: row.reworkCount + 1, due_at: due, result: null, completed_at: null },
      comment: reason, data: { reworkCount: row.reworkCount + 1, dueAt: due.toISOString() },
    };
  }

  /**
   * Art. 20: the term may be extended with a reason, never past 45 days from receipt, and the applicant is told.
   * Telling them is a person's act: the timeline says so only when the one extending says how and when.
   */
  function extend(days: number, reason: string, row: RequestRow, notice?: ApplicantNotice): Effect {
    const due = cappedDue(days, row);
    return {
      set: { due_at: due, extended_days: row.extendedDays + days },
      comment: reason, data: { days, previousDueAt: row.dueAt?.toISOString(), dueAt: due.toISOString() },
      follow: notice ? [noticeGiven(notice, row, due)] : [],
    };
  }

  function noticeGiven(notice: ApplicantNotice, row: RequestRow, due: Date): NonNullable<Effect['follow']>[number] {
    if (row.citizenId == null) throw badRequest('An anonymous appeal has no applicant to inform.', { notice: 'no applicant on an anonymous appeal' });
    // A minute's slack: the console's time field has no seconds.
    if (Date.parse(notice.at) < row.receivedAt.getTime() - 60_000) {
      throw badRequest('The applicant cannot have been told before the request came.', { 'notice.at': 'before the request was received' });
    }
    return {
      action: 'applicant_notified', comment: null,
      data: { notice: 'extension', channel: notice.channel, notifiedAt: new Date(notice.at).toISOString(), dueAt: due.toISOString() },
    };
  }

  /** The due date after `days` more, or 400 on `days` when that passes the cap. */
  function cappedDue(days: number, row: RequestRow): Date {
    const due = row.dueAt && extendedDueDate(row.receivedAt, row.dueAt, days);
    if (!due) {
      throw badRequest(`The term may not pass ${MAX_TOTAL_DAYS} days from receipt.`, { days: `at most ${MAX_TOTAL_DAYS} days in total from receipt` });
    }
    return due;
  }

  /** An executor's ask: checked against the cap now, so that an approval cannot fail on it later for no new reason. */
  function askExtension({ days, reason, notice }: ExtendInput, row: RequestRow, now: Date, actor: Actor): Effect {
    if (notice) throw badRequest('The applicant is informed once the extension is granted.', { notice: 'given by the supervisor who approves' });
    if (row.pendingExtension) throw conflict('extension_pending', 'An extension was already asked for; wait for the supervisor to decide it.');
    const wouldBeDueAt = cappedDue(days, row).toISOString();
    const pending: PendingExtension = { days, reason, requestedAt: now.toISOString(), requestedBy: { id: actor.user.id, fullName: actor.user.fullName } };
    return { set: { pending_extension: pending }, event: 'extension_requested', comment: reason, data: { days, reason, wouldBeDueAt } };
  }

  /** The supervisor grants the ask exactly as an immediate extension, with the notice to the applicant if given. */
  function approveExtension(row: RequestRow, notice?: ApplicantNotice): Effect {
    const asked = pendingOf(row);
    const granted = extend(asked.days, asked.reason, row, notice);
    return { ...granted, set: { ...granted.set, pending_extension: null }, event: 'extension_approved', data: { ...granted.data, requestedBy: asked.requestedBy } };
  }

  function rejectExtension(reason: string, row: RequestRow): Effect {
    const asked = pendingOf(row);
    return { set: { pending_extension: null }, event: 'extension_rejected', comment: reason, data: { days: asked.days, askedReason: asked.reason, requestedBy: asked.requestedBy } };
  }

  /** Approving or rejecting needs an open ask; without one it is a state conflict, like any action out of place. */
  function pendingOf(row: RequestRow): PendingExtension {
    if (!row.pendingExtension) throw conflict('illegal_transition', 'No extension was asked for on this request.');
    return row.pendingExtension;
  }

  /** Done, forwarded or cancelled: no term is left to extend, so an open ask would wait in the supervisor's list forever. */
  function leaving(row: RequestRow, to: Status): Record<string, unknown> {
    return row.pendingExtension && !TRANSITIONS.extend.from.includes(to) ? { pending_extension: null } : {};
  }

  function guard(row: RequestRow | null, action: TransitionInput, version: number | undefined, actor: Actor): Status {
    if (!row || !visibleTo(row, actor.user)) throw notFound('Request');
    if (version !== undefined && version !== row.version) {
      throw new AppError(409, 'version_conflict', `The request was changed by someone else (now version ${row.version}); reload it.`);
    }
    const verdict = decide(action.action, row.status as Status, actor.user.role);
    if (verdict.ok) return verdict.to;
    if (verdict.reason === 'role') throw forbidden();
    throw conflict('illegal_transition', `A request in status ${row.status} cannot be given "${action.action}".`);
  }

  return async function transition(id: number, action: TransitionInput, version: number | undefined, actor: Actor): Promise<void> {
    await dataSource.transaction(async (m) => {
      const row = await repo.lockForChange(m, id);
      const to = guard(row, action, version, actor);
      const now = o.now();
      const effect = await effectOf(m, action, row!, now, actor);
      const statusChanges = to !== row!.status;
      // A comment changes nothing of the card, so it does not invalidate anyone's copy.
      await repo.update(m, id, statusChanges ? { ...effect.set, ...leaving(row!, to), status: to } : effect.set, action.action !== 'comment');
      await repo.addEvent(m, {
        requestId: id, actorId: actor.user.id, action: effect.event ?? action.action, fromStatus: row!.status, toStatus: to,
        comment: effect.comment, data: effect.data ?? null,
      });
      for (const f of effect.follow ?? []) await repo.addEvent(m, { requestId: id, actorId: actor.user.id, ...f });
    });
    await audit.record({ userId: actor.user.id, action: 'update', entity: 'request', entityId: id, detail: { action: action.action }, ip: actor.ip });
  };
}
