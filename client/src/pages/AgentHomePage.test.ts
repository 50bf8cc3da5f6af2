// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../i18n';
import { useCallsStore } from '../stores/calls';
import { card, cardRequest, offered } from '../test/fixtures';
import RequestForm from '../components/requests/RequestForm.vue';
import AgentHomePage from './AgentHomePage.vue';

const CALL = '1700000000.1';

describe('AgentHomePage', () => {
  let posted: { url: string; body: unknown }[];

  beforeEach(() => {
    posted = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') posted.push({ url, body: JSON.parse(String(init.body)) });
        const body = url === '/api/topics' || url === '/api/executors' ? [] : { items: [], ok: true };
        return new Response(JSON.stringify(body), { status: 200 });
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  function mountPage() {
    const pinia = createPinia();
    setActivePinia(pinia);
    const wrapper = mount(AgentHomePage, {
      global: { plugins: [pinia, createAppI18n('uk')], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
    });
    return { wrapper, calls: useCallsStore() };
  }

  it('when the agent is between calls, then the callers to call back are shown; when the phone rings, the list gives way to the call', async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      const entry = { number: '+380671234500', attempts: 2, firstAt: '2026-01-14T21:50:00Z', lastAt: '2026-01-15T07:00:00Z', queue: 'support', citizen: null, callbackAttempts: 1, lastCallbackAt: null, lastCallbackBy: null, carriedOver: true };
      const body = url === '/api/abandoned' ? { items: [entry], total: 1 } : url === '/api/topics' || url === '/api/executors' ? [] : { items: [] };
      return new Response(JSON.stringify(body), { status: 200 });
    }));
    const { wrapper, calls } = mountPage();
    await flushPromises();
    expect(wrapper.get('[data-test="worklist-number"]').text()).toBe('+380671234500');
    expect(wrapper.get('[data-test="worklist-attempts"]').text()).toBe('2');
    expect(wrapper.find('[data-test="worklist-carried"]').exists()).toBe(true);
    calls.apply({ name: 'call:offered', data: offered() });
    await flushPromises();
    expect(wrapper.find('[data-test="worklist"]').exists()).toBe(false);
  });

  it('when the phone rings, then the card pops with the open request number and disappears on retract', async () => {
    const { wrapper, calls } = mountPage();
    expect(wrapper.find('[data-test="call-card"]').exists()).toBe(false);
    calls.apply({ name: 'call:offered', data: offered({ card: card({ openRequests: [cardRequest({ number: '2026-000777', overdueDays: 3 })] }) }) });
    await flushPromises();
    expect(wrapper.get('[data-test="answer-state"]').attributes('data-state')).toBe('ringing');
    expect(wrapper.get('[data-test="request-number"]').text()).toBe('2026-000777');
    calls.apply({ name: 'call:retracted', data: { callId: CALL, reason: 'answered_elsewhere' } });
    await flushPromises();
    expect(wrapper.find('[data-test="call-card"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="retracted"]').text()).toContain('відповів інший оператор');
  });

  it('when the agent calls a citizen back and the citizen\'s phone rings, then screen readers hear an outgoing call, not an incoming one', async () => {
    const { wrapper, calls } = mountPage();
    const current = { ...offered({ callerNumber: '+380671234500' }), state: 'ringing' as const, direction: 'out' as const, answeredAt: null, endedAt: null };
    calls.apply({ name: 'agent:snapshot', data: { state: 'in_call', pausedReason: null, call: current } });
    await flushPromises();
    const live = wrapper.get('[aria-live="assertive"]').text();
    expect(live).toContain('Вихідний дзвінок');
    expect(live).not.toContain('Вхідний');
  });

  it('when the call is answered, then the timer and the request form button show; when it ends, the wrap-up takes over', async () => {
    const { wrapper, calls } = mountPage();
    calls.apply({ name: 'call:offered', data: offered() });
    calls.apply({ name: 'call:answered', data: { callId: CALL, answeredAt: new Date().toISOString() } });
    await flushPromises();
    expect(wrapper.get('[data-test="answer-state"]').attributes('data-state')).toBe('answered');
    expect(wrapper.find('[data-test="call-timer"]').exists()).toBe(true);
    await wrapper.get('[data-test="toggle-request-form"]').trigger('click');
    expect(wrapper.find('[data-test="request-form"]').exists()).toBe(true);

    calls.apply({ name: 'call:ended', data: { callId: CALL, endedAt: new Date().toISOString(), talkSeconds: 42 } });
    await flushPromises();
    expect(wrapper.find('[data-test="call-timer"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="wrap-up"]').exists()).toBe(true);
  });

  it('when the agent attaches the ended call to an open request from the wrap-up, then it is posted and the agent is free', async () => {
    const { wrapper, calls } = mountPage();
    calls.apply({ name: 'call:offered', data: offered() });
    calls.apply({ name: 'call:answered', data: { callId: CALL, answeredAt: new Date().toISOString() } });
    calls.apply({ name: 'call:ended', data: { callId: CALL, endedAt: new Date().toISOString(), talkSeconds: 42 } });
    await flushPromises();
    await wrapper.get('[data-test="wrap-up-attached"]').setValue(true);
    await wrapper.get('[data-test="wrap-up"] form').trigger('submit');
    await flushPromises();
    expect(posted).toContainEqual({ url: `/api/calls/${CALL}/wrap-up`, body: { kind: 'attached', requestId: 101 } });
    expect(wrapper.find('[data-test="wrap-up"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="idle"]').exists()).toBe(true);
  });

  it('when a request is registered from an unknown caller, then the card shows the caller and the Register button goes', async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      const body = url === '/api/citizens/7/card' ? card() : url === '/api/topics' || url === '/api/executors' ? [] : { items: [] };
      return new Response(JSON.stringify(body), { status: 200 });
    }));
    const { wrapper, calls } = mountPage();
    calls.apply({ name: 'call:offered', data: offered({ card: card({ citizen: null, openRequests: [] }) }) });
    calls.apply({ name: 'call:answered', data: { callId: CALL, answeredAt: new Date().toISOString() } });
    await flushPromises();
    expect(wrapper.find('[data-test="no-citizen"]').exists()).toBe(true);
    await wrapper.get('[data-test="toggle-request-form"]').trigger('click');
    wrapper.getComponent(RequestForm).vm.$emit('saved', { id: 55, number: '2026-000055', citizen: { id: 7 } });
    await flushPromises();
    expect(wrapper.get('[data-test="caller-name"]').text()).toBe('Ірина Коваль');
    expect(wrapper.find('[data-test="toggle-request-form"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="registered-from-call"]').text()).toContain('2026-000055');
  });
});
