import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNoticesStore } from './notices';

const json = (status: number, body: unknown) => new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const notice = (id: number, acknowledged = false) => ({ id, kind: 'news', title: `Оголошення ${id}`, body: 'Текст', acknowledged });

describe('useNoticesStore', () => {
  let listed: ReturnType<typeof notice>[];
  let requests: { url: string; method: string }[];
  beforeEach(() => {
    setActivePinia(createPinia());
    listed = [notice(1, true), notice(2)];
    requests = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      requests.push({ url, method: init?.method ?? 'GET' });
      if (url.endsWith('/ack')) return json(204, null);
      return json(200, { items: listed });
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when a notice is published, then the list is read again and the new one is unread and marked new until acknowledged', async () => {
    const store = useNoticesStore();
    await store.load();
    expect(store.unread.map((n) => n.id)).toEqual([2]);
    listed = [notice(3), ...listed];
    store.apply({ name: 'notice:published', data: { id: 3, kind: 'news', title: 'Оголошення 3', validUntil: '2026-12-31T00:00:00Z' } });
    await flushPromises();
    expect(store.unread.map((n) => n.id)).toEqual([3, 2]);
    expect(store.fresh).toEqual([3]);
    await store.ack(3);
    expect(requests.at(-1)).toEqual({ url: '/api/notices/3/ack', method: 'POST' });
    expect(store.unread.map((n) => n.id)).toEqual([2]);
    expect(store.fresh).toEqual([]);
  });

  it('when the user logs out, then nothing is kept', async () => {
    const store = useNoticesStore();
    await store.load();
    store.reset();
    expect([store.items, store.loaded, store.fresh]).toEqual([[], false, []]);
  });
});
