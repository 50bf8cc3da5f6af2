import type { AppealRequest } from '../../api/types';

export interface RequestFieldChange {
  field: 'status' | 'executor' | 'dueAt' | 'pendingExtension' | 'answer' | 'result' | 'satisfaction';
  from: string | number | null;
  to: string | number | null;
}

/** What someone else changed between the request the user was looking at and the one the server has now. */
export function diffRequests(before: AppealRequest, after: AppealRequest): RequestFieldChange[] {
  const pairs: [RequestFieldChange['field'], unknown, unknown][] = [
    ['status', before.status, after.status],
    ['executor', before.executor?.name ?? null, after.executor?.name ?? null],
    ['dueAt', before.dueAt, after.dueAt],
    ['pendingExtension', before.pendingExtension?.days ?? null, after.pendingExtension?.days ?? null],
    ['result', before.result, after.result],
    ['answer', before.answer ?? null, after.answer ?? null],
    ['satisfaction', before.satisfaction ?? null, after.satisfaction ?? null],
  ];
  return pairs
    .filter(([, from, to]) => from !== to)
    .map(([field, from, to]) => ({ field, from: from as RequestFieldChange['from'], to: to as RequestFieldChange['to'] }));
}
