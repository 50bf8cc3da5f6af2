import { http, toQuery } from './http';
import type { Page } from './types';

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: unknown;
  ip: string | null;
}

export interface AuditQuery {
  entity?: string;
  entityId?: string;
  userId?: number;
  page?: number;
  pageSize?: number;
}

export const auditApi = {
  list: (query: AuditQuery) => http.get<Page<AuditEntry>>(`/api/audit${toQuery({ ...query })}`),
};
