// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../../i18n';
import { useCallsStore } from '../../stores/calls';
import { card, cardRequest, offered } from '../../test/fixtures';
import IncomingCallBanner from './IncomingCallBanner.vue';

const CALL = '1700000000.1';

describe('IncomingCallBanner', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ items: [] }), { status: 200 })));
    document.title = 'Hromada Contact';
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  async function mountOn(path: string) {
    const pinia = createPinia();
    setActivePinia(pinia);
    const page = { template: '<div />' };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/calls', name: 'calls', component: page }, { path: '/requests', name: 'requests', component: page }],
    });
    await router.push(path);
    const ringer = { start: vi.fn(), stop: vi.fn() };
    const wrapper = mount(IncomingCallBanner, { props: { ringer }, global: { plugins: [pinia, router, createAppI18n('en')] } });
    return { wrapper, router, ringer, calls: useCallsStore() };
  }

  it('when a call rings while the agent is on Requests, then the banner shows the caller and open requests, rings and flashes the title', async () => {
    const { wrapper, ringer, calls } = await mountOn('/requests');
    expect(wrapper.find('[data-test="incoming-banner"]').exists()).toBe(false);
    calls.apply({ name: 'call:offered', data: offered({ card: card({ openRequests: [cardRequest({ number: '2026-000777', overdueDays: 3 })] }) }) });
    await flushPromises();
    expect(wrapper.get('[data-test="banner-caller"]').text()).toBe('Ірина Коваль');
    expect(wrapper.get('[data-test="banner-requests"]').text()).toContain('2026-000777');
    expect(wrapper.get('[data-test="banner-requests"]').text()).toContain('3');
    expect(ringer.start).toHaveBeenCalledOnce();
    expect(document.title).toContain('Ірина Коваль');
    vi.advanceTimersByTime(1000);
    expect(document.title).toBe('Hromada Contact');
    vi.advanceTimersByTime(1000);
    expect(document.title).toContain('Ірина Коваль');
  });

  it('when the agent clicks the banner, then the full card opens on the Calls page and the banner steps aside', async () => {
    const { wrapper, router, calls } = await mountOn('/requests');
    calls.apply({ name: 'call:offered', data: offered() });
    await flushPromises();
    await wrapper.get('[data-test="banner-open"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('calls');
    expect(wrapper.find('[data-test="incoming-banner"]').exists()).toBe(false);
  });

  it('when the call is answered or withdrawn, then the ringing stops and the title comes back', async () => {
    const { wrapper, ringer, calls } = await mountOn('/requests');
    calls.apply({ name: 'call:offered', data: offered() });
    await flushPromises();
    calls.apply({ name: 'call:answered', data: { callId: CALL, answeredAt: '2026-11-28T20:00:05Z' } });
    await flushPromises();
    expect(wrapper.find('[data-test="incoming-banner"]').exists()).toBe(false);
    expect(ringer.stop).toHaveBeenCalled();
    expect(document.title).toBe('Hromada Contact');
    vi.advanceTimersByTime(3000);
    expect(document.title).toBe('Hromada Contact');
  });

  it('when the tab is hidden and notifications are allowed, then a notification names the caller', async () => {
    const shown: string[] = [];
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = vi.fn();
      onclick: (() => void) | null = null;
      constructor(title: string) {
        shown.push(title);
      }
      close() {}
    }
    vi.stubGlobal('Notification', FakeNotification);
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      const { calls } = await mountOn('/requests');
      calls.apply({ name: 'call:offered', data: offered() });
      await flushPromises();
      expect(shown).toEqual([expect.stringContaining('Ірина Коваль')]);
    } finally {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    }
  });
});
