import type { WorklistRow } from './abandoned.repository';

/** What the worklist shows: agents and supervisors need the number to call back; nobody else sees it. */
export function toWorklistEntry(r: WorklistRow) {
  return {
    number: r.phone,
    attempts: r.attempts,
    firstAt: r.firstAt.toISOString(),
    lastAt: r.lastAt.toISOString(),
    queue: r.queue,
    citizen: r.citizenId === null ? null : { id: r.citizenId, fullName: r.citizenName, confidential: r.confidential },
    callbackAttempts: r.callbackAttempts,
    lastCallbackAt: r.lastCallbackAt?.toISOString() ?? null,
    lastCallbackBy: r.lastCallbackBy,
    carriedOver: r.carriedOver,
  };
}
export type WorklistEntry = ReturnType<typeof toWorklistEntry>;
