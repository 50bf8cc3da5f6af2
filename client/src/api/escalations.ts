import { http } from './http';

export interface Escalation {
  requestId: number;
  number: string;
  status: string;
  reason: 'repeat_calls' | 'place';
  calls: number;
  markedAt: string;
  since: string | null;
  topic: { code: string; name: string };
  district: string | null;
  executor: { id: number; name: string } | null;
}

export interface EscalationSettings {
  repeatCalls: number;
  placeRequests: number;
  placeDays: number;
}

export const escalationsApi = {
  list: () => http.get<{ items: Escalation[] }>('/api/escalations'),
  resolve: (requestId: number) => http.post<null>(`/api/escalations/${requestId}/resolve`),
  settings: () => http.get<EscalationSettings>('/api/escalations/settings'),
  saveSettings: (s: EscalationSettings) => http.put<EscalationSettings>('/api/escalations/settings', s),
};
