import { http, toQuery } from './http';

export interface ConsultationSummary {
  id: number;
  official: { id: number; fullName: string };
  topic: string;
  topicCode: string | null;
  topicName: string | null;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  capacity: number;
  registered: number;
  status: 'scheduled' | 'running' | 'ended' | 'cancelled' | 'missed';
  dialMode: 'sequential' | 'parallel';
  room?: string;
  pin?: string;
  alert?: string | null;
}

export interface Participant {
  id: number;
  fullName: string | null;
  phone: string;
  question: string;
  topic: { code: string; name: string | null } | null;
  position: number;
  outcome: 'answered' | 'request' | null;
  request: { id: number; number: string } | null;
}

export interface Consultation extends ConsultationSummary {
  participants: Participant[];
  legs: Array<{ id: number; who: string; number: string; state: string; attempts: number; joinedAt: string | null }>;
}

export interface NewConsultation {
  officialId: number;
  topic: string;
  topicCode?: string;
  startsAt: string;
  durationMinutes: number;
  capacity: number;
  dialMode: 'sequential' | 'parallel';
  inviteEmail?: string;
}

/** A citizen's registration, as their page lists it. */
export interface CitizenRegistration {
  id: number;
  consultationId: number;
  startsAt: string;
  topic: string;
  status: ConsultationSummary['status'];
  officialName: string;
  question: string;
  outcome: 'answered' | 'request' | null;
  requestId: number | null;
  requestNumber: string | null;
}

export interface Official {
  id: number;
  fullName: string;
}

const base = (id: number) => `/api/consultations/${id}`;

export const consultationsApi = {
  list: (q: { from?: string; to?: string; status?: string; topicCode?: string } = {}) => http.get<{ items: ConsultationSummary[] }>(`/api/consultations${toQuery(q)}`),
  get: (id: number) => http.get<Consultation>(base(id)),
  officials: () => http.get<{ items: Official[] }>('/api/consultations/officials'),
  schedule: (body: NewConsultation) => http.post<Consultation>('/api/consultations', body),
  register: (id: number, body: { citizen?: { fullName: string; phone: string }; citizenId?: number; question: string; topicCode?: string; callId?: string }) =>
    http.post<Consultation>(`${base(id)}/participants`, body),
  start: (id: number) => http.post<Consultation>(`${base(id)}/start`),
  end: (id: number) => http.post<Consultation>(`${base(id)}/end`),
  next: (id: number) => http.post<Consultation>(`${base(id)}/next`),
  addLeg: (id: number, number: string) => http.post<Consultation>(`${base(id)}/legs`, { number }),
  mute: (id: number, legId: number, muted: boolean) => http.post<null>(`${base(id)}/legs/${legId}/mute`, { muted }),
  kick: (id: number, legId: number) => http.post<null>(`${base(id)}/legs/${legId}/kick`),
  cancel: (id: number, reason: string) => http.post<Consultation>(`${base(id)}/cancel`, { reason }),
  reschedule: (id: number, startsAt: string) => http.post<Consultation>(`${base(id)}/reschedule`, { startsAt }),
  outcome: (id: number, participantId: number, body: { outcome: 'answered' } | { outcome: 'request'; topicCode: string }) =>
    http.post<Consultation>(`${base(id)}/participants/${participantId}/outcome`, body),
  registrationsOf: (citizenId: number) => http.get<{ items: CitizenRegistration[] }>(`/api/consultations/registrations${toQuery({ citizenId })}`),
  icsUrl: (id: number) => `${base(id)}/invitation.ics`,
};
