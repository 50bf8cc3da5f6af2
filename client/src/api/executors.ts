import { http, toQuery } from './http';
import type { Executor } from './types';

let cached: Promise<Executor[]> | null = null;

export interface RoutingSuggestion {
  executor: { id: number; code: string; name: string } | null;
}

export const executorsApi = {
  list(): Promise<Executor[]> {
    cached ??= http.get<Executor[]>('/api/executors').catch((error: unknown) => {
      cached = null;
      throw error;
    });
    return cached;
  },
  suggest: (topic: string, district?: string | null) =>
    http.get<RoutingSuggestion>(`/api/routing/suggest${toQuery({ topic, district })}`),
};
