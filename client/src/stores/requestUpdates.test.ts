import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useRequestUpdatesStore } from './requestUpdates';

const change = (id: number, version: number) => ({ id, version, status: 'in_progress', executorId: 1, updatedAt: '2026-11-30T02:00:00Z', lastEventId: 1 });

describe('useRequestUpdatesStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('when changes arrive, then the latest per request and the last overall are kept', () => {
    const store = useRequestUpdatesStore();
    store.apply({ name: 'request:changed', data: change(5, 2) });
    store.apply({ name: 'request:changed', data: change(6, 1) });
    store.apply({ name: 'request:changed', data: change(5, 3) });
    expect(store.latest.get(5)?.version).toBe(3);
    expect(store.latest.get(6)?.version).toBe(1);
    expect(store.last?.id).toBe(5);
  });

  it('when the user signs out, then nothing of the old session is kept', () => {
    const store = useRequestUpdatesStore();
    store.apply({ name: 'request:changed', data: change(5, 2) });
    store.watch(5);
    store.reset();
    expect(store.latest.size).toBe(0);
    expect(store.last).toBeNull();
  });
});
