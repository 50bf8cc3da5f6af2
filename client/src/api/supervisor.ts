import type { QueueSettingsView, SupervisorLive, WallboardThresholds } from '../../../server/realtime/contract';
import { http } from './http';

export const supervisorApi = {
  live: () => http.get<SupervisorLive>('/api/supervisor/live'),
  settings: () => http.get<{ queues: QueueSettingsView[] }>('/api/supervisor/queues/settings'),
  saveSettings: (queue: string, body: { serviceLevelSeconds: number; thresholds: WallboardThresholds }) =>
    http.put<QueueSettingsView>(`/api/supervisor/queues/${encodeURIComponent(queue)}/settings`, body),
  /** The forced pause (or its end) of an agent; a reason is required to pause. */
  pause: (userId: number, paused: boolean, reason?: string) => http.post<unknown>(`/api/agents/${userId}/pause`, paused ? { paused, reason } : { paused }),
};
