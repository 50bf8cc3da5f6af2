import type { CallerCard } from '../../../server/realtime/contract';
import { http, toQuery } from './http';
import type { RequestCitizen } from './types';

export const citizensApi = {
  byPhone: (phone: string) => http.get<{ items: RequestCitizen[] }>(`/api/citizens${toQuery({ phone })}`),
  card: (id: number) => http.get<CallerCard>(`/api/citizens/${id}/card`),
};
