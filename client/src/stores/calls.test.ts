import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { card, offered } from '../test/fixtures';
import { useCallsStore } from './calls';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('useCallsStore.apply', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(200, { items: [] })));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when a call is offered, then it becomes the ringing call with its card and the agent is ringing', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    expect(store.call?.state).toBe('ringing');
    expect(store.call?.card.openRequests[0]?.number).toBe('2026-000101');
    expect(store.agentState).toBe('ringing');
  });

  it('when the same offer arrives twice after answering, then the answered call is not rewound', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'call:answered', data: { callId: '1700000000.1', answeredAt: '2026-11-28T20:00:05Z' } });
    store.apply({ name: 'call:offered', data: offered() });
    expect(store.call?.state).toBe('answered');
    expect(store.call?.answeredAt).toBe('2026-11-28T20:00:05Z');
  });

  it('when the card was sent without history, then call:card replaces it for that call only', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered({ card: card({ citizen: null, openRequests: [], historyUnavailable: true }) }) });
    store.apply({ name: 'call:card', data: { callId: 'other', card: card({ callsLast30Days: 99 }) } });
    expect(store.call?.card.historyUnavailable).toBe(true);
    store.apply({ name: 'call:card', data: { callId: '1700000000.1', card: card({ callsLast30Days: 5 }) } });
    expect(store.call?.card.historyUnavailable).toBeUndefined();
    expect(store.call?.card.callsLast30Days).toBe(5);
  });

  it('when the call is answered, then it is in progress with the answer time and the agent is in call', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'call:answered', data: { callId: '1700000000.1', answeredAt: '2026-11-28T20:00:05Z' } });
    expect(store.call?.state).toBe('answered');
    expect(store.agentState).toBe('in_call');
  });

  it('when another call is answered, then my ringing call is untouched', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'call:answered', data: { callId: 'someone-else', answeredAt: '2026-11-28T20:00:05Z' } });
    expect(store.call?.state).toBe('ringing');
  });

  it('when a ringing call is retracted, then the card disappears and the reason is kept', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'call:retracted', data: { callId: '1700000000.1', reason: 'answered_elsewhere' } });
    expect(store.call).toBeNull();
    expect(store.agentState).toBe('available');
    expect(store.lastRetract?.reason).toBe('answered_elsewhere');
  });

  it('when a retraction comes for an answered call, then the call stays', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'call:answered', data: { callId: '1700000000.1', answeredAt: '2026-11-28T20:00:05Z' } });
    store.apply({ name: 'call:retracted', data: { callId: '1700000000.1', reason: 'no_answer' } });
    expect(store.call?.state).toBe('answered');
  });

  it('when an answered call ends, then it waits for wrap-up with its talk time', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'call:answered', data: { callId: '1700000000.1', answeredAt: '2026-11-28T20:00:05Z' } });
    store.apply({ name: 'call:ended', data: { callId: '1700000000.1', endedAt: '2026-11-28T20:03:05Z', talkSeconds: 180 } });
    expect(store.call?.state).toBe('ended');
    expect(store.call?.talkSeconds).toBe(180);
    expect(store.needsWrapUp).toBe(true);
    expect(store.agentState).toBe('wrap_up');
  });

  it('when a call ends while still ringing, then it is dropped without a wrap-up', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'call:ended', data: { callId: '1700000000.1', endedAt: '2026-11-28T20:00:09Z', talkSeconds: null } });
    expect(store.call).toBeNull();
    expect(store.needsWrapUp).toBe(false);
  });

  it('when a snapshot arrives after a reload mid-call, then the call and its card are restored', () => {
    const store = useCallsStore();
    store.apply({
      name: 'agent:snapshot',
      data: {
        state: 'in_call',
        pausedReason: null,
        call: { ...offered(), state: 'answered', answeredAt: '2026-11-28T20:00:05Z', endedAt: null },
      },
    });
    expect(store.agentState).toBe('in_call');
    expect(store.call?.state).toBe('answered');
    expect(store.call?.card.openRequests[0]?.number).toBe('2026-000101');
  });

  it('when a snapshot says there is no call, then a stale call is cleared and the pause is restored', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'agent:snapshot', data: { state: 'paused', pausedReason: 'lunch', call: null } });
    expect(store.call).toBeNull();
    expect(store.agentState).toBe('paused');
    expect(store.pausedReason).toBe('lunch');
  });

  it('when the ended call is classified, then the wrap-up is posted and the agent is free again', async () => {
    const fetchMock = vi.fn(async (url: string) => jsonResponse(200, url.endsWith('/mine') ? { items: [] } : { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'call:answered', data: { callId: '1700000000.1', answeredAt: '2026-11-28T20:00:05Z' } });
    store.apply({ name: 'call:ended', data: { callId: '1700000000.1', endedAt: '2026-11-28T20:03:05Z', talkSeconds: 180 } });
    await store.classify({ kind: 'attached', requestId: 101 });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/calls/1700000000.1/wrap-up',
      expect.objectContaining({ method: 'POST', body: JSON.stringify({ kind: 'attached', requestId: 101 }) }),
    );
    expect(store.call).toBeNull();
    expect(store.agentState).toBe('available');
  });

  it('when the call was attached mid-call, then its end needs no wrap-up', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(200, { ok: true, items: [] })));
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'call:answered', data: { callId: '1700000000.1', answeredAt: '2026-11-28T20:00:05Z' } });
    await store.classify({ kind: 'attached', requestId: 101 });
    expect(store.call?.state).toBe('answered');
    store.apply({ name: 'call:ended', data: { callId: '1700000000.1', endedAt: '2026-11-28T20:03:05Z', talkSeconds: 180 } });
    expect(store.call).toBeNull();
    expect(store.needsWrapUp).toBe(false);
  });
});

describe('useCallsStore: a shift of live changes', () => {
  let calls: string[];
  beforeEach(() => {
    setActivePinia(createPinia());
    calls = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      calls.push(url);
      return jsonResponse(200, { items: [{ callId: '1700000000.1', endedAt: '2026-11-28T20:03:00Z', outcome: 'answered' }] });
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when the call ends, then "my recent calls" is read again so it no longer says ongoing', async () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.apply({ name: 'call:answered', data: { callId: '1700000000.1', answeredAt: '2026-11-28T20:00:05Z' } });
    store.apply({ name: 'call:ended', data: { callId: '1700000000.1', endedAt: '2026-11-28T20:03:00Z', talkSeconds: 175 } });
    await vi.waitFor(() => expect(store.recentCalls[0]?.endedAt).toBe('2026-11-28T20:03:00Z'));
    expect(calls).toContain('/api/calls/mine');
  });

  it('when a request on the card changes elsewhere, then its status on the card follows; other requests are untouched', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered() });
    store.applyRequestChange({ id: 101, version: 5, status: 'done', executorId: 1, updatedAt: '2026-11-28T20:01:00Z', lastEventId: 1 });
    expect(store.call?.card.openRequests[0]?.status).toBe('done');
    const before = store.call;
    store.applyRequestChange({ id: 999, version: 1, status: 'closed', executorId: 1, updatedAt: '2026-11-28T20:01:00Z', lastEventId: 1 });
    expect(store.call).toBe(before);
  });

  it('when a request is registered from an unknown caller, then the card knows the caller afterwards', () => {
    const store = useCallsStore();
    store.apply({ name: 'call:offered', data: offered({ card: card({ citizen: null, openRequests: [] }) }) });
    store.knowCaller('1700000000.1', card());
    expect(store.call?.card.citizen?.fullName).toBe('Ірина Коваль');
    store.knowCaller('another-call', card({ citizen: null }));
    expect(store.call?.card.citizen?.fullName).toBe('Ірина Коваль');
  });
});
