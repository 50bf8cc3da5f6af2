import type { DataSource } from 'typeorm';
import type { AuditAction, AuditEntity } from './audit-words';

export interface AuditRecord {
  userId: number | null;
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | number | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/** Writes who read or changed what. Reads of personal data are recorded too (Law 2297-VI). */
export function createAuditService(dataSource: DataSource) {
  return {
    async record(r: AuditRecord): Promise<void> {
      await dataSource.query(
        'INSERT INTO audit_log (user_id, action, entity, entity_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)',
        [r.userId, r.action, r.entity, r.entityId == null ? null : String(r.entityId), r.detail ?? null, r.ip ?? null],
      );
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
