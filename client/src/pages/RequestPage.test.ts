// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppealRequest } from '../api/types';
import { createAppI18n } from '../i18n';
import { useRequestUpdatesStore } from '../stores/requestUpdates';
import { useSessionStore } from '../stores/session';
import RequestPage from './RequestPage.vue';

const request = {
  id: 5, number: '2026-000005', status: 'assigned', receivedAt: '2026-11-01T10:00:00Z', dueAt: '2026-11-20T10:00:00Z', overdueDays: 8,
  source: 'call', kind: 'complaint', subject: 'individual', topic: { code: 'HS.01', name: 'Вода' },
  citizen: { id: 7, fullName: 'Ірина', phones: ['+380671234567'], confidential: false }, address: null,
  description: '<script>alert(1)</script>', executor: { id: 1, name: 'Водоканал' }, flags: [], result: null, reworkCount: 0, version: 3,
  timeline: [{ id: 1, at: '2026-11-01T10:00:00Z', action: 'registered', actor: null, toStatus: 'registered', comment: null }],
} as unknown as AppealRequest;

/** `after`: what the server has once someone else changed the request (returned from the second read on). */
function mountAs(role: 'executor' | 'agent', transitionStatus: number, after: AppealRequest = request) {
  const posted: unknown[] = [];
  let reads = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url.endsWith('/transitions')) {
        posted.push(JSON.parse(String(init?.body)));
        return new Response(JSON.stringify(transitionStatus === 409 ? { error: { code: 'illegal_transition', message: 'no' } } : request), { status: transitionStatus });
      }
      if (url === '/api/requests/5') return new Response(JSON.stringify(reads++ === 0 ? request : after), { status: 200 });
      return new Response('[]', { status: 200 });
    }),
  );
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = { id: 2, username: role, fullName: role, role, interface: null, phone: null };
  const wrapper = mount(RequestPage, {
    props: { id: 5 },
    global: { plugins: [pinia, createAppI18n('uk')], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  });
  return { wrapper, posted };
}

describe('RequestPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when someone else changed the request first (409), then the typed text stays and what changed is shown beside it', async () => {
    const extended = { ...request, dueAt: '2026-11-27T10:00:00Z', version: 4 } as AppealRequest;
    const { wrapper, posted } = mountAs('executor', 409, extended);
    await flushPromises();
    await wrapper.get('button[data-test="transition-comment"]').trigger('click');
    await wrapper.get('textarea[data-test="transition-comment"]').setValue('Бригада виїхала о 9:00');
    await wrapper.get('[data-test="transition-form"]').trigger('submit');
    await flushPromises();
    expect(posted).toEqual([{ action: 'comment', comment: 'Бригада виїхала о 9:00', version: 3 }]);
    expect(wrapper.get('[data-test="request-changes"]').text()).toContain('Поки ви писали');
    expect(wrapper.get('[data-test="change-dueAt"]').text()).toContain('27.11.2026');
    expect((wrapper.get('textarea[data-test="transition-comment"]').element as HTMLTextAreaElement).value).toBe('Бригада виїхала о 9:00');
  });

  it('when a supervisor approves while the executor types, then the page updates live and the text is kept', async () => {
    const approved = { ...request, dueAt: '2026-11-27T10:00:00Z', version: 4 } as AppealRequest;
    const { wrapper } = mountAs('executor', 200, approved);
    await flushPromises();
    await wrapper.get('button[data-test="transition-comment"]').trigger('click');
    await wrapper.get('textarea[data-test="transition-comment"]').setValue('Чекаємо труби');
    useRequestUpdatesStore().apply({ name: 'request:changed', data: { id: 5, version: 4, status: 'assigned', executorId: 1, updatedAt: '2026-11-02T10:00:00Z', lastEventId: 1 } });
    await flushPromises();
    expect(wrapper.get('[data-test="request-changes"]').text()).toContain('щойно змінили');
    expect((wrapper.get('textarea[data-test="transition-comment"]').element as HTMLTextAreaElement).value).toBe('Чекаємо труби');
  });

  it('when someone else comments (same version, a new timeline line), then the comment appears without a reload', async () => {
    const commented = { ...request, timeline: [...request.timeline!, { id: 2, at: '2026-11-02T11:00:00Z', action: 'comment', actor: null, toStatus: null, comment: 'Бригада буде завтра' }] } as AppealRequest;
    const { wrapper } = mountAs('agent', 200, commented);
    await flushPromises();
    expect(wrapper.text()).not.toContain('Бригада буде завтра');
    useRequestUpdatesStore().apply({ name: 'request:changed', data: { id: 5, version: 3, status: 'assigned', executorId: 1, updatedAt: '2026-11-02T11:00:00Z', lastEventId: 2 } });
    await flushPromises();
    expect(wrapper.text()).toContain('Бригада буде завтра');
  });

  it('when a change for another request arrives, then this page is not read again', async () => {
    const { wrapper } = mountAs('executor', 200);
    await flushPromises();
    useRequestUpdatesStore().apply({ name: 'request:changed', data: { id: 6, version: 9, status: 'closed', executorId: 1, updatedAt: '2026-11-02T10:00:00Z', lastEventId: 1 } });
    await flushPromises();
    expect(wrapper.find('[data-test="request-changes"]').exists()).toBe(false);
  });

  it('when an executor opens an assigned request, then only accept, extend and comment are offered', async () => {
    const { wrapper } = mountAs('executor', 200);
    await flushPromises();
    const buttons = wrapper.findAll('[data-test^="transition-"]').map((b) => b.attributes('data-test'));
    expect(buttons).toEqual(['transition-start', 'transition-extend', 'transition-comment']);
  });

  it('when the description looks like markup, then it is shown verbatim as text', async () => {
    const { wrapper } = mountAs('agent', 200);
    await flushPromises();
    expect(wrapper.get('[data-test="request-description"]').text()).toBe('<script>alert(1)</script>');
    expect(wrapper.find('[data-test="request-description"] script').exists()).toBe(false);
    expect(wrapper.get('[data-test="request-overdue"]').text()).toContain('8');
  });
});
