import { onScopeDispose, reactive, ref, shallowRef, watch } from 'vue';
import { requestsApi, type RequestQuery } from '../api/requests';
import type { AppealRequest, Page } from '../api/types';

export interface RequestFilters {
  q: string;
  status: string;
  topic: string;
  executor: string;
  source: string;
  district: string;
  overdue: boolean;
  from: string;
  to: string;
  sort: string;
}

export const EMPTY_FILTERS: RequestFilters = {
  q: '', status: '', topic: '', executor: '', source: '', district: '', overdue: false, from: '', to: '', sort: 'received_desc',
};

export interface SearchOptions {
  fetchPage?: (query: RequestQuery) => Promise<Page<AppealRequest>>;
  debounceMs?: number;
  pageSize?: number;
}

/**
 * A request list driven by filters. Typing in `q` is debounced; every fetch takes a ticket and only the
 * latest ticket may write the results, so a slow superseded answer never overwrites a newer one.
 */
export function useRequestSearch(fixed: Partial<RequestQuery> = {}, options: SearchOptions = {}) {
  const fetchPage = options.fetchPage ?? ((query: RequestQuery) => requestsApi.search(query));
  const debounceMs = options.debounceMs ?? 300;
  const pageSize = options.pageSize ?? 25;

  const filters = reactive<RequestFilters>({ ...EMPTY_FILTERS, ...pickFilters(fixed) });
  const page = ref(1);
  const items = shallowRef<AppealRequest[]>([]);
  const total = ref(0);
  const totalCapped = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);

  let latestTicket = 0;
  let debounceTimer: ReturnType<typeof setTimeout> | null = null;

  function query(): RequestQuery {
    const q: RequestQuery = {
      q: filters.q.trim() || undefined,
      status: filters.status || undefined,
      topic: filters.topic.trim() || undefined,
      executor: filters.executor || undefined,
      source: filters.source || undefined,
      district: filters.district || undefined,
      overdue: filters.overdue || undefined,
      from: filters.from || undefined,
      to: filters.to || undefined,
      sort: filters.sort || undefined,
      page: page.value,
      pageSize,
    };
    // the fixed scope wins, except the sort order, which is only the starting choice
    const scope = { ...fixed };
    delete scope.sort;
    return { ...q, ...scope, page: page.value, pageSize };
  }

  async function run(): Promise<void> {
    cancelDebounce();
    const ticket = ++latestTicket;
    loading.value = true;
    try {
      const result = await fetchPage(query());
      if (ticket !== latestTicket) return;
      items.value = result.items;
      total.value = result.total;
      totalCapped.value = result.totalCapped ?? false;
      error.value = null;
    } catch (failure) {
      if (ticket !== latestTicket) return;
      error.value = failure;
    } finally {
      if (ticket === latestTicket) loading.value = false;
    }
  }

  function cancelDebounce(): void {
    if (debounceTimer) clearTimeout(debounceTimer);
    debounceTimer = null;
  }

  function runSoon(): void {
    cancelDebounce();
    debounceTimer = setTimeout(() => void run(), debounceMs);
  }

  watch(
    () => filters.q,
    () => {
      page.value = 1;
      runSoon();
    },
  );
  watch(
    () => [filters.status, filters.topic, filters.executor, filters.source, filters.district, filters.overdue, filters.from, filters.to, filters.sort],
    () => {
      page.value = 1;
      void run();
    },
  );

  function goTo(next: number): void {
    page.value = Math.max(1, next);
    void run();
  }

  function reset(): void {
    Object.assign(filters, EMPTY_FILTERS, pickFilters(fixed));
  }

  onScopeDispose(cancelDebounce);

  return { filters, page, pageSize, items, total, totalCapped, loading, error, run, goTo, reset, query };
}

function pickFilters(fixed: Partial<RequestQuery>): Partial<RequestFilters> {
  const picked: Partial<RequestFilters> = {};
  if (fixed.status) picked.status = fixed.status;
  if (fixed.overdue) picked.overdue = true;
  if (fixed.sort) picked.sort = fixed.sort;
  return picked;
}
