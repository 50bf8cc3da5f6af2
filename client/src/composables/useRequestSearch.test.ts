import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import type { RequestQuery } from '../api/requests';
import type { AppealRequest, Page } from '../api/types';
import { useRequestSearch } from './useRequestSearch';

interface Pending {
  query: RequestQuery;
  resolve: (page: Page<AppealRequest>) => void;
}

function pageOf(number: string): Page<AppealRequest> {
  return { items: [{ id: 1, number } as AppealRequest], total: 1 };
}

describe('useRequestSearch', () => {
  let pending: Pending[];
  const fetchPage = (query: RequestQuery) =>
    new Promise<Page<AppealRequest>>((resolve) => {
      pending.push({ query, resolve });
    });

  beforeEach(() => {
    pending = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  function setup() {
    const scope = effectScope();
    const search = scope.run(() => useRequestSearch({}, { fetchPage, debounceMs: 300 }))!;
    return { search, scope };
  }

  it('when an older search answers after a newer one, then the newer results stay on screen', async () => {
    const { search } = setup();
    search.filters.q = 'Коваль';
    await nextTick();
    vi.advanceTimersByTime(300);
    search.filters.q = 'Ковальчук';
    await nextTick();
    vi.advanceTimersByTime(300);
    expect(pending.map((p) => p.query.q)).toEqual(['Коваль', 'Ковальчук']);

    pending[1]!.resolve(pageOf('NEW'));
    await vi.runAllTimersAsync();
    pending[0]!.resolve(pageOf('OLD'));
    await vi.runAllTimersAsync();

    expect(search.items.value.map((r) => r.number)).toEqual(['NEW']);
    expect(search.loading.value).toBe(false);
  });

  it('when a filter change supersedes a slow search, then the slow answer is dropped', async () => {
    const { search } = setup();
    void search.run();
    search.filters.status = 'done';
    await nextTick();
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(pageOf('DONE'));
    await vi.runAllTimersAsync();
    pending[0]!.resolve(pageOf('ALL'));
    await vi.runAllTimersAsync();
    expect(search.items.value.map((r) => r.number)).toEqual(['DONE']);
  });

  it('when someone types quickly, then only the last text is searched, once', async () => {
    const { search } = setup();
    for (const q of ['к', 'ко', 'ков']) {
      search.filters.q = q;
      await nextTick();
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(300);
    expect(pending.map((p) => p.query.q)).toEqual(['ков']);
  });

  it('when a fixed scope is given, then every query carries it', async () => {
    const scope = effectScope();
    const search = scope.run(() => useRequestSearch({ overdue: true }, { fetchPage }))!;
    void search.run();
    expect(pending[0]!.query.overdue).toBe(true);
    expect(pending[0]!.query.page).toBe(1);
  });
});
