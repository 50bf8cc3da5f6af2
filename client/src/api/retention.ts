import { http } from './http';

export interface RetentionSetting {
  kind: string;
  keep: string;
  keepDays: number;
  /** The audit log's is the longest period of all, whatever its own row says. */
  keepDaysInForce: number;
  countedFrom: string;
  basis: string;
}

export interface RetentionRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'failed';
  trigger: string;
  anonymised: number;
  held: number;
  deleted: Record<string, number>;
  resumed: number;
  error: string | null;
}

/** Retention (admins): the periods in force, the last runs, and a run now. */
export const retentionApi = {
  overview: () => http.get<{ settings: RetentionSetting[]; runs: RetentionRun[] }>('/api/admin/retention'),
  runNow: () => http.post<{ queued: true }>('/api/admin/retention/run'),
};
