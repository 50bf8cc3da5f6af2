import type { RouteLocationRaw } from 'vue-router';
import type { AuditEntry } from '../../api/audit';

type T = (key: string, values?: Record<string, unknown>) => string;
type Te = (key: string) => boolean;

export interface AuditSentence {
  /** What happened, in words: "read request", "changed user". */
  action: string;
  /** The thing read or changed, with a link to it where the console has a page for it. */
  target: { text: string; to: RouteLocationRaw | null } | null;
  /** The details in words: "during a call pop", "role: agent → executor". */
  details: string[];
}

function targetOf(e: AuditEntry, t: T, te: Te): AuditSentence['target'] {
  if (!e.entityId) return null;
  const name = te(`audit.entities.${e.entity}`) ? t(`audit.entities.${e.entity}`, { id: e.entityId }) : `${e.entity} #${e.entityId}`;
  switch (e.entity) {
    case 'request': return { text: name, to: { name: 'request', params: { id: e.entityId } } };
    case 'user':
    case 'agent_pause': return { text: name, to: { name: 'admin-users', query: { q: e.username && e.userId === Number(e.entityId) ? e.username : undefined } } };
    default: return { text: name, to: null };
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function detailsOf(e: AuditEntry, t: T, te: Te): string[] {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  if (typeof d.via === 'string') out.push(te(`audit.via.${d.via}`) ? t(`audit.via.${d.via}`) : d.via);
  if (d.callId) out.push(t('audit.call', { id: show(d.callId) }));
  if (d.requestId) out.push(t('audit.forRequest', { id: show(d.requestId) }));
  if (typeof d.action === 'string') out.push(te(`request.transitions.${d.action}`) ? t(`request.transitions.${d.action}`) : d.action);
  if (d.q || d.phone) out.push(t('audit.searched', { q: show(d.q ?? d.phone), count: Array.isArray(d.ids) ? d.ids.length : 0 }));
  if (d.username && e.action === 'login_failed') out.push(t('audit.asUser', { username: show(d.username) }));
  if (d.changes && typeof d.changes === 'object') {
    for (const [field, change] of Object.entries(d.changes as Record<string, { from: unknown; to: unknown }>)) {
      out.push(`${te(`audit.fields.${field}`) ? t(`audit.fields.${field}`) : field}: ${show(change.from)} → ${show(change.to)}`);
    }
  }
  // The subject's rights: an anonymisation's grounds (or a refusal's asked-for grounds) say why it was done.
  if (e.action === 'anonymise' && typeof d.reason === 'string') out.push(t('audit.subjectReason', { reason: d.reason }));
  if (e.action === 'anonymise_refused' && typeof d.asked === 'string') out.push(t('audit.subjectReason', { reason: d.asked }));
  if (typeof d.paused === 'boolean') out.push(d.paused ? t('audit.paused', { reason: show(d.reason) }) : t('audit.resumed'));
  return out;
}

/** An audit line in words, for the admin's audit page. */
export function describeAudit(e: AuditEntry, t: T, te: Te): AuditSentence {
  return {
    action: te(`audit.actions.${e.action}`) ? t(`audit.actions.${e.action}`) : e.action,
    target: targetOf(e, t, te),
    details: detailsOf(e, t, te),
  };
}
