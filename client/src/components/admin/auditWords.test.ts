// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../api/audit';
import { createAppI18n } from '../../i18n';
import { describeAudit } from './auditWords';

const { t, te } = createAppI18n('en').global;
const entry = (o: Partial<AuditEntry>): AuditEntry => ({
  id: 1, at: '2026-11-30T02:39:00Z', userId: 3, username: 'agent2', action: 'read', entity: 'citizen', entityId: '781', detail: null, ip: null, ...o,
});

describe('describeAudit', () => {
  it('when an agent read a caller card on a pop, then it reads as words, not codes and JSON', () => {
    const s = describeAudit(entry({ detail: { via: 'pop', callId: '1796006367.3' } }), t, te);
    expect(s.action).toBe('read');
    expect(s.target).toEqual({ text: 'caller card #781', to: null });
    expect(s.details).toEqual(['on a call pop', 'call 1796006367.3']);
  });

  it('when a citizen was anonymised or the law kept them, then the line says so with the grounds given', () => {
    const done = describeAudit(entry({ action: 'anonymise', detail: { reason: 'application of 01.12', changed: { requests: 2 } } }), t, te);
    expect(done).toMatchObject({ action: 'anonymised', details: ['grounds: application of 01.12'] });
    const held = describeAudit(entry({ action: 'anonymise_refused', detail: { reason: 'The law keeps…', asked: 'application of 01.12', holds: [] } }), t, te);
    expect(held).toMatchObject({ action: 'could not anonymise (legal hold)', details: ['grounds: application of 01.12'] });
    expect(describeAudit(entry({ action: 'export', detail: { format: 'pdf' } }), t, te).action).toBe('exported the data of');
  });

  it('when a request was changed, then the line links to the request and names the action', () => {
    const s = describeAudit(entry({ action: 'update', entity: 'request', entityId: '42', detail: { action: 'approve_extension' } }), t, te);
    expect(s.action).toBe('changed');
    expect(s.target?.to).toEqual({ name: 'request', params: { id: '42' } });
    expect(s.details).toEqual(['Approve the extension']);
  });

  it('when a user was changed, then each field reads from → to', () => {
    const s = describeAudit(entry({ action: 'update', entity: 'user', entityId: '9', detail: { changes: { role: { from: 'agent', to: 'executor' } } } }), t, te);
    expect(s.details).toEqual(['role: agent → executor']);
    expect(describeAudit(entry({ action: 'login', entity: 'user', entityId: '3' }), t, te).action).toBe('signed in');
  });
});
