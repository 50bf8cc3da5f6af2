import type { AuthUser } from '../auth/auth.types';
import { kyivIso } from '../common/kyiv-iso';
import { toRequestView } from '../requests/request.view';
import type { RequestRow } from '../requests/requests.repository';
import captions from './export-captions.uk.json';
import type { ExportColumn } from './table-writer';

type View = ReturnType<typeof toRequestView>;

/** A request as its viewer may see it (the same view as the list's), one column per field. */
export function requestColumns(): ExportColumn<View>[] {
  const c = captions.requests;
  return [
    { header: c.number, value: (r) => r.number }, { header: c.receivedAt, value: (r) => r.receivedAt },
    { header: c.status, value: (r) => r.status }, { header: c.source, value: (r) => r.source },
    { header: c.externalNumber, value: (r) => r.externalNumber }, { header: c.category, value: (r) => r.category },
    { header: c.addressee, value: (r) => r.addressee }, { header: c.kind, value: (r) => r.kind }, { header: c.subject, value: (r) => r.subject },
    { header: c.topicCode, value: (r) => r.topic.code }, { header: c.topic, value: (r) => r.topic.name, width: 30 },
    { header: c.citizen, value: (r) => r.citizen?.fullName, width: 28 }, { header: c.phones, value: (r) => r.citizen?.phones.join(', ') },
    { header: c.address, value: (r) => r.address, width: 30 }, { header: c.district, value: (r) => r.district },
    { header: c.description, value: (r) => r.description, width: 50 }, { header: c.executor, value: (r) => r.executor?.name, width: 30 },
    { header: c.dueAt, value: (r) => r.dueAt }, { header: c.overdueDays, value: (r) => r.overdueDays },
    { header: c.flags, value: (r) => r.flags.join('|') }, { header: c.result, value: (r) => r.result },
  ];
}

export const viewOf = (viewer: AuthUser, now: Date) => (row: RequestRow): View => toRequestView(row, viewer, now);

export interface AuditRow { id: number; at: Date; username: string | null; action: string; entity: string; entityId: string | null; ip: string | null; detail: unknown }
export function auditColumns(): ExportColumn<AuditRow>[] {
  const c = captions.audit;
  return [
    { header: c.id, value: (r) => r.id }, { header: c.at, value: (r) => r.at }, { header: c.user, value: (r) => r.username },
    { header: c.action, value: (r) => r.action }, { header: c.entity, value: (r) => r.entity }, { header: c.entityId, value: (r) => r.entityId },
    { header: c.ip, value: (r) => r.ip }, { header: c.detail, value: (r) => (r.detail == null ? null : JSON.stringify(r.detail)), width: 60 },
  ];
}

export interface CallRow {
  id: string; queuedAt: Date | null; direction: string; callerNumber: string | null; callerName: string | null; queue: string | null;
  agent: string | null; outcome: string; talkSeconds: number | null; wrapUp: string | null; topic: string | null;
}
type CallWords = Record<keyof typeof captions.callWords, Record<string, string>>;
const words: CallWords = captions.callWords;
const inWords = (kind: keyof CallWords, code: string | null) => (code === null ? null : (words[kind][code] ?? code));

/**
 * The calls as integrators have read them (codes, one column each, in this order), the time on Kyiv's clock with
 * its offset, and the codes in words for people after them: a column is added, never moved or reworded.
 */
export function callColumns(): ExportColumn<CallRow>[] {
  const c = captions.calls;
  const codes: (keyof CallRow)[] = ['id', 'queuedAt', 'direction', 'callerNumber', 'callerName', 'queue', 'agent', 'outcome', 'talkSeconds', 'wrapUp', 'topic'];
  return [
    ...codes.map((k) => ({ header: c[k], value: (r: CallRow) => (k === 'queuedAt' ? r.queuedAt && kyivIso(r.queuedAt) : r[k]) })),
    { header: c.directionText, value: (r) => inWords('direction', r.direction) },
    { header: c.outcomeText, value: (r) => inWords('outcome', r.outcome) },
    { header: c.wrapUpText, value: (r) => inWords('wrapUp', r.wrapUp) },
  ];
}
