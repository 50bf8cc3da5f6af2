import { http } from './http';

/** One scheduled backup as GET /api/admin/backups lists it. */
export interface BackupItem {
  at: string;
  file: string;
  bytes: number | null;
  ok: boolean;
  error?: string;
}

export const backupsApi = {
  list: () => http.get<{ items: BackupItem[] }>('/api/admin/backups'),
};
