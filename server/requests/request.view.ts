import type { AuthUser } from '../auth/auth.types';
import { executorRedaction, type ExecutorRedaction } from './confidential';
import { overdueDays } from './deadlines';
import type { RequestRow, TimelineRow } from './requests.repository';
import { WORKING, type Status } from './transitions';

export interface RequestCitizenView {
  id: number | null;
  fullName: string | null;
  phones: string[];
  address: string | null;
  category?: string | null;
  privileged: boolean;
  confidential: boolean;
}

/**
 * The applicant as a viewer may see them. Staff see everything (they decide the case). An executor needs a
 * name and a phone to do the work, but not the citizen's other data (home address, category, id); and when
 * the citizen asked not to be disclosed (Art. 10 of the Law on citizens' appeals) an executor sees nothing.
 */
function citizenFor(row: RequestRow, viewer: AuthUser): RequestCitizenView | null {
  if (row.citizenId == null) return null;
  const confidential = row.confidential ?? false;
  if (viewer.role === 'executor') {
    if (confidential) return { id: null, fullName: null, phones: [], address: null, privileged: row.privileged ?? false, confidential };
    return { id: null, fullName: row.citizenName, phones: row.citizenPhones ?? [], address: null, privileged: row.privileged ?? false, confidential };
  }
  return {
    id: row.citizenId, fullName: row.citizenName, phones: row.citizenPhones ?? [], address: row.citizenAddress,
    category: row.citizenCategory, privileged: row.privileged ?? false, confidential,
  };
}

/**
 * The place of the problem as a viewer may see it. When it is a confidential applicant's home, an executor
 * gets the building only (enough to send a crew to the roof or the riser), and the description without the
 * flat and the applicant's name: they would say who it is (confidential.ts).
 */
function placeFor(row: RequestRow, viewer: AuthUser): { address: string | null; description: string } {
  const hide = viewer.role === 'executor' ? executorRedaction(row) : null;
  if (!hide) return { address: row.address, description: row.description };
  return { address: hide.address, description: hide.text(row.description) };
}

/** A request in API.md's shape (plus extra fields), with overdue computed now, never stored. */
export function toRequestView(row: RequestRow, viewer: AuthUser, now = new Date()) {
  const working = WORKING.includes(row.status as Status);
  const place = placeFor(row, viewer);
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    overdue: working && overdueDays(row.dueAt, now) > 0,
    overdueDays: working ? overdueDays(row.dueAt, now) : 0,
    source: row.source,
    externalNumber: row.externalNumber,
    kind: row.kind,
    subject: row.subject,
    signatories: row.signatories,
    addressee: row.addressee,
    category: row.category,
    topic: { code: row.topicCode, name: row.topicName },
    citizen: citizenFor(row, viewer),
    address: place.address,
    district: row.district,
    description: place.description,
    executor: row.executorId == null ? null : { id: row.executorId, code: row.executorCode, name: row.executorName },
    flags: row.flags,
    incidentId: row.incidentId,
    needsStudy: row.needsStudy,
    extendedDays: row.extendedDays,
    pendingExtension: row.pendingExtension,
    result: row.result,
    answer: row.answer,
    reworkCount: row.reworkCount,
    satisfaction: row.satisfaction,
    completedAt: row.completedAt,
    closedAt: row.closedAt,
    callbackAttempts: row.callbackAttempts,
    lastCallbackAt: row.lastCallbackAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}
export type RequestView = ReturnType<typeof toRequestView>;

/**
 * Timeline lines; the callback agent's notes are kept from executors, who only need the work's story, and what
 * people typed reaches an executor through `hide` (a confidential applicant's name and flat).
 */
export function toTimelineView(rows: TimelineRow[], viewer: AuthUser, hide: ExecutorRedaction | null = null) {
  const typed = (text: string | null) => (text != null && hide && viewer.role === 'executor' ? hide.text(text) : text);
  return rows.map((e) => ({
    id: e.id,
    at: e.at,
    action: e.action,
    actor: e.actorId == null ? null : { id: e.actorId, fullName: e.actorName, username: e.actorUsername, role: e.actorRole },
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    comment: viewer.role === 'executor' && e.action === 'callback_attempt' ? null : typed(e.comment),
    details: hide && viewer.role === 'executor' ? typedDetails(e.details, typed) : e.details,
  }));
}

/** The typed words inside a line's parameters (a rework's or an extension's reason). */
function typedDetails(details: TimelineRow['details'], typed: (text: string | null) => string | null): TimelineRow['details'] {
  if (details == null || typeof details !== 'object') return details;
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, typeof v === 'string' ? typed(v) : v]));
}
