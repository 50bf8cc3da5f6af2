import type { DeadlineKind } from '../../db/entities';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Art. 20 of the Law on citizens' appeals: one month by default, coded as 30 calendar days. */
export const DEFAULT_DAYS = 30;
/** Art. 20: appeals that need no extra study are considered within 15 days. */
export const NO_STUDY_DAYS = 15;
/** Art. 20: an extension never takes the whole term past 45 days from receipt. */
export const MAX_TOTAL_DAYS = 45;

export interface TopicDeadline {
  deadline: DeadlineKind | null;
  emergencyHours: number | null;
}

/**
 * The term of consideration, counted in calendar time from `from` (receipt, or the return for rework).
 * Emergencies are measured in hours set per topic; otherwise the shorter of the topic's term and the law's.
 */
export function dueDate(from: Date, topic: TopicDeadline, needsStudy: boolean): Date {
  if (topic.deadline === 'emergency_24h') return new Date(from.getTime() + (topic.emergencyHours ?? 24) * HOUR_MS);
  const lawDays = needsStudy ? DEFAULT_DAYS : NO_STUDY_DAYS;
  const topicDays = topic.deadline === 'days_15' ? NO_STUDY_DAYS : DEFAULT_DAYS;
  return new Date(from.getTime() + Math.min(lawDays, topicDays) * DAY_MS);
}

/** The due date after an extension by `days`, or null when it would pass 45 days from receipt. */
export function extendedDueDate(receivedAt: Date, dueAt: Date, days: number): Date | null {
  const extended = new Date(dueAt.getTime() + days * DAY_MS);
  const limit = receivedAt.getTime() + MAX_TOTAL_DAYS * DAY_MS;
  return extended.getTime() <= limit ? extended : null;
}

/** Whole days past the due date, counting a started day as one; 0 when not late. */
export function overdueDays(dueAt: Date | null, now: Date): number {
  if (!dueAt || dueAt.getTime() >= now.getTime()) return 0;
  return Math.ceil((now.getTime() - dueAt.getTime()) / DAY_MS);
}
