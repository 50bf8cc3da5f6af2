import { http } from './http';
import type { Executor } from './types';

let cached: Promise<Executor[]> | null = null;

export const executorsApi = {
  /** Reference data: fetched once per page load. */
  list(): Promise<Executor[]> {
    cached ??= http.get<Executor[]>('/api/executors').catch((error: unknown) => {
      cached = null;
      throw error;
    });
    return cached;
  },
};
