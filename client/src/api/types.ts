/** Shapes of the REST API (shared/API.md); the socket shapes come from server/realtime/contract.ts. */

export type Role = 'agent' | 'supervisor' | 'official' | 'executor' | 'admin';

export interface User {
  id: number;
  username: string;
  fullName: string | null;
  role: Role;
  interface: string | null;
  phone: string | null;
  /** Set for executors: the organisation they belong to. */
  executorId?: number | null;
}

export interface Topic {
  code: string;
  name: string;
  nameEn?: string | null;
  group: string | null;
  parent?: string | null;
}

export interface Executor {
  id: number;
  code: string;
  name: string;
  nameEn?: string | null;
  kind: string;
  district?: string | null;
}

export const SOURCES = ['call', 'web', 'ukc1545', 'regional_hotline', 'written', 'personal', 'e_petition', 'consultation'] as const;
export type Source = (typeof SOURCES)[number];

export const KINDS = ['proposal', 'application', 'complaint'] as const;
export type Kind = (typeof KINDS)[number];

export const SUBJECTS = ['individual', 'collective', 'anonymous'] as const;
export type Subject = (typeof SUBJECTS)[number];

export const STATUSES = ['registered', 'assigned', 'in_progress', 'done', 'closed', 'returned', 'forwarded', 'cancelled'] as const;
export type RequestStatus = (typeof STATUSES)[number];

/** Results of consideration, items 9.1–9.6 of the classifier. */
export const RESULTS = ['resolved', 'refused', 'explained', 'forwarded', 'returned', 'stopped'] as const;
export type RequestResult = (typeof RESULTS)[number];

/** How the applicant was told of a new term; the server records the notice only when it is given. */
export const NOTICE_CHANNELS = ['phone', 'letter', 'email', 'sms', 'in_person'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];
export interface ApplicantNotice {
  channel: NoticeChannel;
  /** ISO time the applicant was told. */
  at: string;
}

export const DISTRICTS = ['DOV', 'ING', 'MET', 'POK', 'SAK', 'TER', 'TSM'] as const;

export type IntakeFlag = 'repeated' | 'multiple' | 'duplicate' | 'mass' | 'collective';

export interface RequestCitizen {
  id: number | null;
  fullName: string | null;
  phones?: string[];
  phone?: string | null;
  address?: string | null;
  confidential?: boolean;
  privileged?: boolean;
}

export interface TimelineEvent {
  id?: number;
  at: string;
  action: string;
  actor: { id: number; fullName: string | null; username?: string } | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  comment?: string | null;
  details?: Record<string, unknown> | null;
}

/** An executor's ask for more time, waiting for a supervisor's approval or rejection. */
export interface PendingExtension {
  days: number;
  reason: string;
  requestedAt: string;
  requestedBy: { id: number; fullName: string };
}

export interface AppealRequest {
  id: number;
  number: string;
  status: RequestStatus;
  receivedAt: string;
  dueAt: string | null;
  overdueDays?: number;
  source: Source;
  externalNumber?: string | null;
  kind: Kind | null;
  subject: Subject | null;
  signatories?: number | null;
  topic: { code: string; name: string };
  citizen: RequestCitizen | null;
  address: string | null;
  district?: string | null;
  description: string;
  executor: { id: number; code?: string; name: string } | null;
  flags: string[];
  result: RequestResult | null;
  answer?: string | null;
  reworkCount: number;
  extendedDays?: number;
  pendingExtension?: PendingExtension | null;
  satisfaction?: number | null;
  callbackAttempts?: number;
  lastCallbackAt?: string | null;
  /** Optimistic locking: sent back with a transition so that a concurrent change answers 409. */
  version?: number;
  timeline?: TimelineEvent[];
}

export interface Page<T> {
  items: T[];
  total: number;
  /** The server stops counting past a cap on huge result sets: `total` is then "at least". */
  totalCapped?: boolean;
}
