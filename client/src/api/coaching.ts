import type { CoachingSessionView } from '../../../server/realtime/contract';
import { http } from './http';

export type SpyMode = CoachingSessionView['mode'];
export const SPY_MODES: SpyMode[] = ['listen', 'whisper', 'barge'];

/** `/api/supervisor/spy`: a supervisor's listen / whisper / barge session on an agent's call. */
export const coachingApi = {
  current: () => http.get<{ session: CoachingSessionView | null }>('/api/supervisor/spy'),
  start: (agentUserId: number, mode: SpyMode) => http.post<{ sessionId: string }>('/api/supervisor/spy', { agentUserId, mode }),
  change: (sessionId: string, mode: SpyMode) => http.post<{ sessionId: string; mode: SpyMode }>(`/api/supervisor/spy/${encodeURIComponent(sessionId)}`, { mode }),
  stop: (sessionId: string) => http.delete<unknown>(`/api/supervisor/spy/${encodeURIComponent(sessionId)}`),
};
