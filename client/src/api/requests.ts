import { http, toQuery, type QueryValue } from './http';
import type { AppealRequest, ApplicantNotice, IntakeFlag, Kind, Page, RequestResult, Source, Subject } from './types';

export interface RequestQuery {
  q?: string;
  phone?: string;
  status?: string;
  topic?: string;
  executor?: string;
  source?: string;
  district?: string;
  overdue?: boolean;
  extensionPending?: boolean;
  from?: string;
  to?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface NewRequest {
  citizen?: { fullName: string; phone: string; address?: string };
  citizenId?: number;
  topicCode: string;
  description: string;
  address?: string;
  district?: string;
  source: Source;
  externalNumber?: string;
  kind?: Kind;
  subject?: Subject;
  signatories?: number;
  needsStudy?: boolean;
  executorId?: number;
  callId?: string;
}

export interface IntakeFlagHit {
  flag: IntakeFlag;
  /** The earlier request to attach to instead; null for `collective`. */
  requestId: number | null;
  number: string | null;
}

export type TransitionBody =
  | { action: 'assign'; executorId: number }
  | { action: 'start' }
  | { action: 'comment'; comment: string }
  | { action: 'complete'; result: RequestResult; answer: string }
  | { action: 'confirm'; satisfaction: number }
  | { action: 'return'; reason: string }
  | { action: 'extend'; days: number; reason: string; notice?: ApplicantNotice }
  | { action: 'approve_extension'; notice?: ApplicantNotice }
  | { action: 'reject_extension'; reason: string }
  | { action: 'forward'; reason: string }
  | { action: 'cancel'; reason: string };

export type TransitionAction = TransitionBody['action'];

export const requestsApi = {
  search: (query: RequestQuery, signal?: AbortSignal) =>
    http.get<Page<AppealRequest>>(`/api/requests${toQuery(query as Record<string, QueryValue>)}`, { signal }),
  get: (id: number) => http.get<AppealRequest>(`/api/requests/${id}`),
  create: (body: NewRequest) => http.post<AppealRequest>('/api/requests', body),
  check: (body: NewRequest) => http.post<{ flags: IntakeFlagHit[] }>('/api/requests/check', body),
  transition: (id: number, body: TransitionBody, version?: number) =>
    http.post<AppealRequest>(`/api/requests/${id}/transitions`, version === undefined ? body : { ...body, version }),
  callbackAttempt: (id: number, outcome: 'unreachable') =>
    http.post<AppealRequest>(`/api/requests/${id}/callback-attempts`, { outcome }),
};
