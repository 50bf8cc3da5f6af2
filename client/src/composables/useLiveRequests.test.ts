import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useRequestUpdatesStore } from '../stores/requestUpdates';
import { useLiveRequests } from './useLiveRequests';

const change = (id: number, created = false) => ({ id, version: 2, status: 'in_progress', executorId: 1, updatedAt: '2026-11-30T02:00:00Z', lastEventId: 1, ...(created ? { created } : {}) });

describe('useLiveRequests', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  function listOf(ids: number[], page = 1) {
    const reload = vi.fn();
    const scope = effectScope();
    scope.run(() => useLiveRequests({ ids: () => ids, page: ref(page), reload, delayMs: 400 }));
    return { reload, store: useRequestUpdatesStore(), scope };
  }

  it('when a shown request changes several times at once, then the list is read again once', async () => {
    const { reload, store } = listOf([5, 6]);
    store.apply({ name: 'request:changed', data: change(5) });
    await nextTick();
    store.apply({ name: 'request:changed', data: change(6) });
    await nextTick();
    vi.advanceTimersByTime(400);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('when a request not on the screen changes, then nothing is read; a new one is read on page 1 only', async () => {
    const first = listOf([5]);
    first.store.apply({ name: 'request:changed', data: change(9) });
    await nextTick();
    vi.advanceTimersByTime(400);
    expect(first.reload).not.toHaveBeenCalled();
    first.store.apply({ name: 'request:changed', data: change(10, true) });
    await nextTick();
    vi.advanceTimersByTime(400);
    expect(first.reload).toHaveBeenCalledOnce();
    first.scope.stop();

    const third = listOf([5], 3);
    third.store.apply({ name: 'request:changed', data: change(11, true) });
    await nextTick();
    vi.advanceTimersByTime(400);
    expect(third.reload).not.toHaveBeenCalled();
  });
});
