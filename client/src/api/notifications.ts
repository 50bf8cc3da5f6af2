import { http } from './http';

export type NoticeChannel = 'email' | 'sms' | 'telegram';

/** One notice to the applicant about a request: which channel, when, and whether it went (never to whom). */
export interface RequestNotice {
  id: number;
  event: 'registered' | 'assigned' | 'done' | 'closed';
  channel: NoticeChannel;
  status: 'pending' | 'queued' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  lastError: string | null;
  text: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  sentAt: string | null;
}

export interface NoticeConsent {
  channel: NoticeChannel;
  address: string | null;
  consented: boolean;
  via: 'agent' | 'status_page' | 'telegram';
  recordedAt: string;
  recordedBy: { id: number; fullName: string } | null;
}

export type ConsentChange =
  | { channel: 'email'; consented: boolean; address?: string }
  | { channel: 'sms'; consented: boolean; address?: string }
  | { channel: 'telegram'; consented: false };

export const notificationsApi = {
  ofRequest: (requestId: number) => http.get<{ items: RequestNotice[] }>(`/api/requests/${requestId}/notifications`),
  /** Reading the consents is audited: they hold the citizen's addresses. */
  consents: (citizenId: number) => http.get<{ items: NoticeConsent[] }>(`/api/citizens/${citizenId}/consents`),
  setConsent: (citizenId: number, change: ConsentChange) => http.put<{ items: NoticeConsent[] }>(`/api/citizens/${citizenId}/consents`, change),
};
