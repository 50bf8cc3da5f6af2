import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useUsersStore } from './users';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('useUsersStore', () => {
  let requests: { url: string; method: string }[];
  beforeEach(() => {
    setActivePinia(createPinia());
    requests = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      requests.push({ url, method: init?.method ?? 'GET' });
      if (url.endsWith('/password')) return json(200, { user: { id: 4, username: 'olena' }, password: 'Zx8-once-only' });
      if (url.endsWith('/deactivate') && url.includes('/1/')) return json(409, { error: { code: 'last_admin', message: 'no' } });
      return json(200, { items: [{ id: 4, username: 'olena' }], total: 1 });
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when the admin filters by role, then the list is asked for with those filters from page 1', async () => {
    const store = useUsersStore();
    store.page = 3;
    store.filters.role = 'agent';
    store.filters.q = ' olena ';
    await store.search();
    expect(requests.at(-1)?.url).toBe('/api/users?q=olena&role=agent&active=true&page=1&pageSize=25');
    expect(store.items.map((u) => u.username)).toEqual(['olena']);
  });

  it('when a password is reset, then it is revealed once and forgotten on request', async () => {
    const store = useUsersStore();
    await store.resetPassword(4);
    expect(store.revealed).toEqual({ userId: 4, username: 'olena', password: 'Zx8-once-only' });
    store.forgetPassword();
    expect(store.revealed).toBeNull();
  });

  it('when the server refuses to deactivate the last admin, then the error reaches the page and the list is not reread', async () => {
    const store = useUsersStore();
    await expect(store.deactivate(1)).rejects.toMatchObject({ code: 'last_admin' });
    expect(requests.filter((r) => r.method === 'GET')).toEqual([]);
  });
});
