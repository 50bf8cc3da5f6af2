import { vi } from 'vitest';
import type { CallerCard, CardRequest, OfferedCall } from '../../../server/realtime/contract';

export function cardRequest(overrides: Partial<CardRequest> = {}): CardRequest {
  return {
    id: 101,
    number: '2026-000101',
    status: 'in_progress',
    topic: { code: 'HS.01', name: 'Відсутність холодного водопостачання' },
    executor: { id: 1, name: 'КП «Кривбасводоканал»' },
    dueAt: '2026-11-20T00:00:00+02:00',
    overdueDays: 0,
    ...overrides,
  };
}

export function card(overrides: Partial<CallerCard> = {}): CallerCard {
  return {
    citizen: {
      id: 7,
      fullName: 'Ірина Коваль',
      phones: ['+380671234567'],
      address: 'вул. Соборності, 10, кв. 5',
      district: 'TSM',
      category: null,
      privileged: false,
      confidential: false,
    },
    openRequests: [cardRequest()],
    recentRequests: [],
    recentCalls: [],
    callsLast30Days: 2,
    notices: [],
    escalation: null,
    outages: [],
    ...overrides,
  };
}

export function offered(overrides: Partial<OfferedCall> = {}): OfferedCall {
  return {
    callId: '1700000000.1',
    queue: 'hotline',
    callerNumber: '+380671234567',
    callerName: null,
    offeredAt: '2026-11-28T20:00:00Z',
    card: card(),
    ...overrides,
  };
}

/**
 * `fetch` stubbed so that each request waits until the test answers it, in the order asked: a REST load and a
 * socket event can then be interleaved as a slow network does. Call `vi.unstubAllGlobals()` after.
 */
export function heldAnswers() {
  const waiting: ((body: unknown) => void)[] = [];
  vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((resolve) => {
    waiting.push((body) => resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })));
  })));
  return {
    /** Answers the oldest request still waiting. */
    answer: (body: unknown) => waiting.shift()!(body),
    pending: () => waiting.length,
  };
}
