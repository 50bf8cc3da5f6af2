import { http } from './http';

/** A partner's Open311 key as GET /api/admin/api-keys lists it: never the key, its first characters only. */
export interface ApiKeyItem {
  id: number;
  name: string;
  prefix: string;
  ratePerMinute: number;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export const apiKeysApi = {
  list: () => http.get<{ items: ApiKeyItem[] }>('/api/admin/api-keys'),
  /** The answer holds the key itself, this once. */
  create: (input: { name: string; ratePerMinute?: number }) => http.post<ApiKeyItem & { key: string }>('/api/admin/api-keys', input),
  revoke: (id: number) => http.post<ApiKeyItem>(`/api/admin/api-keys/${id}/revoke`),
};
