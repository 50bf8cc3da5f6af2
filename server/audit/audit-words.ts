/**
 * The audit log's vocabulary: every action and entity the server writes, and every `detail.via`. The console
 * words each one in both languages (test/i18n-audit-words.test.ts fails on one it cannot), so a new kind of
 * entry is added here first and the build names the places that write it.
 */
export const AUDIT_ACTIONS = [
  'read', 'create', 'update', 'delete', 'login', 'login_failed', 'logout', 'search', 'unlock', 'deactivate',
  'password_reset', 'export', 'import', 'digest_run', 'anonymise', 'anonymise_refused', 'reactivate', 'retention_run',
  'recording_play', 'recording_download', 'coach', 'sip_password_set', 'sip_password_clear', 'close', 'attach', 'declare', 'dismiss',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITIES = [
  'request', 'citizen', 'user', 'routing_rule', 'agent_pause', 'consultation', 'consultation_participant', 'executor',
  'addressee', 'queue_settings', 'abandoned_worklist', 'call', 'audit', 'digest', 'executor_rating', 'import', 'topic_map',
  'retention', 'staffing_rota', 'staffing_manual_load', 'staffing_exception_day', 'api_key',
  'notice', 'escalation', 'escalation_settings', 'outage', 'outage_suspicion', 'street_rename', 'spike_settings',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const AUDIT_VIA = ['pop', 'phone', 'card', 'request', 'cli', 'consultations', 'open311', 'status_page', 'telegram'] as const;
export type AuditVia = (typeof AUDIT_VIA)[number];
