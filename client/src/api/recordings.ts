import { http } from './http';

export interface RecordedCall {
  callId: string;
  at: string | null;
  recording: { available: boolean; durationSeconds: number | null } | null;
}

export interface RecordingTimelineEntry {
  at: string;
  action: string;
  details: Record<string, unknown>;
  userId: number | null;
  userName: string | null;
}

const base = (callId: string) => `/api/calls/${encodeURIComponent(callId)}/recording`;

export const recordingsApi = {
  /** Only the agent on the call: 204; 409 `not_your_call` / `not_recording`. */
  pause: (callId: string, paused: boolean) => http.post<unknown>(base(callId), { action: paused ? 'pause' : 'resume' }),
  /** The audio, streamed with range requests by the browser's player (every read is audited server-side). */
  url: (callId: string) => base(callId),
  /** Admins only. */
  downloadUrl: (callId: string) => `${base(callId)}?download=1`,
  /** Started, paused (by whom), resumed, available, played…: supervisors and admins. */
  timeline: (callId: string) => http.get<{ items: RecordingTimelineEntry[] }>(`${base(callId)}/timeline`),
  /** A request's calls and their recordings (supervisors, admins). */
  ofRequest: (requestId: number) => http.get<{ items: RecordedCall[] }>(`/api/requests/${requestId}/recordings`),
};
