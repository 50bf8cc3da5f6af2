import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutageSuspicionView } from '../../../server/realtime/contract';
import { heldAnswers } from '../test/fixtures';
import { useSuspectedOutagesStore } from './suspectedOutages';

const suspicion = (id: number, calls = 5): OutageSuspicionView => ({
  id, street: 'вул. Каштанова', buildings: '1-9', topicGroup: 'water', calls,
  since: '2026-12-07T14:00:00.000Z', lastAt: '2026-12-07T14:08:00.000Z', callIds: [`burst-${id}`],
});

describe('useSuspectedOutagesStore', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('when a suspicion arrives while the list is being loaded, then the older answer does not take it away', async () => {
    const server = heldAnswers();
    const store = useSuspectedOutagesStore();
    const loading = store.load(); // asked before the burst was found: its answer is empty
    store.apply({ name: 'outage:suspected', data: suspicion(7) });
    expect(store.items.map((s) => s.id)).toEqual([7]);
    server.answer({ items: [] });
    await loading;
    expect(store.items.map((s) => s.id)).toEqual([7]);
    // The list asked for again after the event knows it.
    await vi.waitFor(() => expect(server.pending()).toBe(1));
    server.answer({ items: [suspicion(7)] });
    await vi.waitFor(() => expect(store.items.map((s) => s.id)).toEqual([7]));
    expect(store.items.map((s) => s.id)).toEqual([7]);
  });

  it('when a suspicion arrives with no load under way, then it is shown without asking the server', () => {
    const server = heldAnswers();
    const store = useSuspectedOutagesStore();
    store.apply({ name: 'outage:suspected', data: suspicion(7) });
    store.apply({ name: 'outage:suspected', data: suspicion(7, 6) });
    expect(store.items).toEqual([suspicion(7, 6)]);
    store.apply({ name: 'outage:suspicion-closed', data: { id: 7, status: 'dismissed', outageId: null } });
    expect(store.items).toEqual([]);
    expect(server.pending()).toBe(0);
  });
});
