import type { CardOutage, OutageSuspicionView } from '../../../server/realtime/contract';
import { http } from './http';

export interface OutageInput {
  kind: string;
  planned: boolean;
  districtCode?: string | null;
  addresses: { street: string; buildings?: string | null }[];
  startsAt: string;
  expectedEndAt?: string | null;
  text: string;
}

export interface Outage extends CardOutage {
  districtCode: string | null;
  addresses: { street: string; buildings: string | null }[];
  executorId: number | null;
  executorName: string | null;
  closedAt: string | null;
  attachedCalls: number;
}

export const outagesApi = {
  active: () => http.get<{ items: Outage[] }>('/api/outages?active=true'),
  create: (body: OutageInput) => http.post<Outage>('/api/outages', body),
  update: (id: number, body: Partial<OutageInput>) => http.patch<Outage>(`/api/outages/${id}`, body),
  close: (id: number) => http.post<Outage>(`/api/outages/${id}/close`, {}),
  /** The call is about this outage: it joins the outage's mass incident instead of a new request. */
  attach: (id: number, callId: string) => http.post<{ incidentId: number }>(`/api/outages/${id}/attach`, { callId }),
  /** The request form: is this address (and topic) inside an active outage? */
  match: (address: string, topic?: string) =>
    http.get<{ items: CardOutage[] }>(`/api/outages/match?${new URLSearchParams(topic ? { address, topic } : { address })}`),
  suspected: () => http.get<{ items: OutageSuspicionView[] }>('/api/outages/suspected'),
  declare: (id: number) => http.post<Outage>(`/api/outages/suspected/${id}/declare`, {}),
  dismiss: (id: number) => http.post<unknown>(`/api/outages/suspected/${id}/dismiss`, {}),
};
