import type { QueueSettingsView, SupervisorLive, WallboardThresholds } from '../../../server/realtime/contract';
import { http, toQuery } from './http';

export type AbandonedOutcome = 'reached' | 'no_answer' | 'wrong_number' | 'not_needed';
export const ABANDONED_OUTCOMES: AbandonedOutcome[] = ['reached', 'no_answer', 'wrong_number', 'not_needed'];

export interface WorklistEntry {
  number: string;
  attempts: number;
  firstAt: string;
  lastAt: string;
  queue: string | null;
  citizen: { id: number; fullName: string | null; confidential: boolean } | null;
  callbackAttempts: number;
  lastCallbackAt: string | null;
  lastCallbackBy: string | null;
  carriedOver: boolean;
}

export interface OverdueSummary {
  at: string;
  total: number;
  byExecutor: { executorId: number | null; code: string | null; name: string | null; nameEn: string | null; overdue: number; today: number; overWeek: number; maxDays: number }[];
  byDistrict: { district: string | null; name: string | null; nameEn: string | null; overdue: number; today: number; executors: number }[];
}

export type RatingSort = 'onTimePercent' | 'confirmedPercent' | 'satisfaction' | 'reworks' | 'requests' | 'overdue' | 'name';
export interface RatingsQuery { from?: string; to?: string; sort: RatingSort; order: 'asc' | 'desc' }
export interface Rating {
  executorId: number; code: string; name: string; nameEn: string; requests: number; completed: number; onTime: number;
  onTimePercent: number | null; confirmed: number; confirmedPercent: number | null; satisfaction: number | null; reworks: number; overdue: number;
}

export interface DigestRun {
  week: string; kind: 'executor' | 'ranking'; executorId: number | null; executorCode: string | null; executorName: string | null;
  recipients: string[]; items: number; status: 'sent' | 'failed'; error: string | null; attempt: number; at: string; tries: number;
}
export interface DigestsView {
  week: string; smtp: boolean; cron: string; timeZone: string; rankingTo: string[]; runs: DigestRun[];
  late: { id: number; code: string; name: string; email: string | null; overdue: number }[];
}

export const worklistApi = {
  list: () => http.get<{ items: WorklistEntry[]; total: number }>('/api/abandoned'),
  outcome: (number: string, outcome: AbandonedOutcome, callId?: string) =>
    http.post<unknown>('/api/abandoned/outcomes', callId ? { number, outcome, callId } : { number, outcome }),
};

/** One queue's Kyiv day in half hours (`GET /api/supervisor/queues/:queue/day`). */
export interface DaySeries {
  day: string;
  queue: string;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  halfHours: {
    start: string; offered: number; answered: number; abandoned: number; shortAbandoned: number;
    answeredWithinServiceLevel: number; serviceLevel: number | null; serviceLevelSoFar: number | null;
  }[];
}

export const overdueApi = { summary: () => http.get<OverdueSummary>('/api/overdue/summary') };

export const ratingsApi = {
  list: (q: RatingsQuery) => http.get<{ from: string; to: string; items: Rating[] }>(`/api/ratings${toQuery({ ...q })}`),
  exportUrl: (q: RatingsQuery, format: 'csv' | 'xlsx') => `/api/exports/ratings.${format}${toQuery({ ...q })}`,
};

export const digestsApi = {
  view: () => http.get<DigestsView>('/api/digests'),
  run: () => http.post<{ week: string; smtp: boolean }>('/api/digests/run'),
  setEmail: (executorId: number, email: string | null) => http.put<unknown>(`/api/digests/executors/${executorId}/email`, { email }),
  executorXlsx: (executorId: number) => `/api/digests/executors/${executorId}.xlsx`,
  rankingXlsx: '/api/digests/ranking.xlsx',
};

export const supervisorApi = {
  live: () => http.get<SupervisorLive>('/api/supervisor/live'),
  settings: () => http.get<{ queues: QueueSettingsView[] }>('/api/supervisor/queues/settings'),
  saveSettings: (queue: string, body: { serviceLevelSeconds: number; thresholds: WallboardThresholds; displayName?: string | null }) =>
    http.put<QueueSettingsView>(`/api/supervisor/queues/${encodeURIComponent(queue)}/settings`, body),
  /** The forced pause (or its end) of an agent; a reason is required to pause. */
  pause: (userId: number, paused: boolean, reason?: string) => http.post<unknown>(`/api/agents/${userId}/pause`, paused ? { paused, reason } : { paused }),
  day: (queue: string, day?: string) => http.get<DaySeries>(`/api/supervisor/queues/${encodeURIComponent(queue)}/day${toQuery({ day })}`),
};
