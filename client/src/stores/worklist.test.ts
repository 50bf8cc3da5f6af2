import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorklistEntry } from '../api/supervisor';
import { heldAnswers } from '../test/fixtures';
import { useWorklistStore } from './worklist';

const entry = (number: string): WorklistEntry => ({
  number, attempts: 1, firstAt: '2026-12-07T14:00:00.000Z', lastAt: '2026-12-07T14:00:00.000Z', queue: 'support', citizen: null,
  callbackAttempts: 0, lastCallbackAt: null,
} as WorklistEntry);

describe('useWorklistStore', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('when the list changes while it is being loaded, then the older answer is not taken as fresh: the list is asked again', async () => {
    const server = heldAnswers();
    const store = useWorklistStore();
    const loading = store.load();
    store.apply({ name: 'worklist:changed', data: { at: '2026-12-07T14:01:00.000Z' } });
    server.answer({ items: [], total: 0 }); // read before the caller who just hung up was listed
    await vi.waitFor(() => expect(server.pending()).toBe(1));
    expect(store.stale).toBe(true);
    server.answer({ items: [entry('+380671112233')], total: 1 });
    await loading;
    expect(store.items.map((e) => e.number)).toEqual(['+380671112233']);
    expect(store.stale).toBe(false);
  });

  it('when nothing changes during a load, then its answer is fresh and nothing more is asked', async () => {
    const server = heldAnswers();
    const store = useWorklistStore();
    const loading = store.load();
    server.answer({ items: [entry('+380671112233')], total: 1 });
    await loading;
    expect(store.stale).toBe(false);
    expect(server.pending()).toBe(0);
  });
});
