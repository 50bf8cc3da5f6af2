import { http } from './http';

export type WrapUp =
  | { kind: 'request'; requestId: number }
  | { kind: 'attached'; requestId: number }
  | { kind: 'consultation'; topicCode: string };

export interface MyCall {
  callId: string;
  callerNumber: string | null;
  queue: string | null;
  offeredAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  talkSeconds: number | null;
  outcome: string;
  wrapUp: { kind: string; requestId?: number | null; topicCode?: string | null } | null;
  citizen?: { id: number; fullName: string | null } | null;
}

export type TransferTo = { queue: string } | { userId: number } | { number: string };
export type TransferMode = 'blind' | 'attended';

export const callsApi = {
  /** Hands the caller on (blind) or rings the target first (attended: then complete or cancel). */
  transfer: (callId: string, to: TransferTo, mode: TransferMode) =>
    http.post<{ transferId: string }>(`/api/calls/${encodeURIComponent(callId)}/transfer`, { to, mode }),
  completeTransfer: (callId: string) => http.post<{ transferId: string }>(`/api/calls/${encodeURIComponent(callId)}/transfer/complete`, {}),
  /** The colleagues a caller can be handed to (active, with a phone, not me), by name. */
  transferTargets: () => http.get<{ colleagues: Array<{ userId: number; fullName: string; interface: string }> }>('/api/calls/transfer-targets'),
  cancelTransfer: (callId: string) => http.post<{ transferId: string }>(`/api/calls/${encodeURIComponent(callId)}/transfer/cancel`, {}),
  wrapUp: (callId: string, body: WrapUp) => http.post<unknown>(`/api/calls/${encodeURIComponent(callId)}/wrap-up`, body),
  mine: () => http.get<{ items: MyCall[] }>('/api/calls/mine'),
  /** My most used topics of the last 30 days (at most nine, most used first): the wrap-up's digit keys. */
  myTopics: () => http.get<{ items: { code: string; uses: number }[] }>('/api/calls/my-topics'),
  /** Rings my own phone, then `number`; `requestId` links the call to the request it is about. */
  hangup: (callId: string) => http.post<unknown>(`/api/calls/${encodeURIComponent(callId)}/hangup`, {}),
  originate: (number: string, requestId?: number) =>
    http.post<unknown>('/api/calls/originate', requestId === undefined ? { number } : { number, requestId }),
};
