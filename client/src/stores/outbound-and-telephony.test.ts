// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createI18n } from 'vue-i18n';
import TelephonyBanner from '../components/TelephonyBanner.vue';
import en from '../i18n/en';
import { card } from '../test/fixtures';
import { useCallsStore } from './calls';
import { useTelephonyStore } from './telephony';

const outbound = (state: 'dialling' | 'ringing' | 'answered') => ({
  state: 'in_call' as const, pausedReason: null,
  call: { callId: 'out-1', queue: '', callerNumber: '+380675550022', callerName: null, offeredAt: '2026-11-30T10:00:00Z', card: card(), state, answeredAt: null, endedAt: null, direction: 'out' as const, outcome: null },
});

describe('click-to-call in the calls store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } })));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when the citizen is busy, then the call leaves the desk without a wrap-up and the outcome is kept for the screen', () => {
    const store = useCallsStore();
    store.apply({ name: 'agent:snapshot', data: outbound('dialling') });
    store.apply({ name: 'agent:snapshot', data: outbound('ringing') });
    expect(store.call?.state).toBe('ringing');
    store.apply({ name: 'call:ended', data: { callId: 'out-1', endedAt: '2026-11-30T10:00:09Z', talkSeconds: null, outcome: 'busy' } });
    expect(store.call).toBeNull();
    expect(store.needsWrapUp).toBe(false);
    expect(store.lastOutbound).toEqual({ callId: 'out-1', outcome: 'busy', reason: null });
  });

  it('when the citizen answered and the call ends, then the agent wraps it up like a queue call; a snapshot without a call (OUTBOUND_WRAP_UP off) frees the desk', () => {
    const store = useCallsStore();
    store.apply({ name: 'agent:snapshot', data: outbound('answered') });
    store.apply({ name: 'call:ended', data: { callId: 'out-1', endedAt: '2026-11-30T10:01:09Z', talkSeconds: 60, outcome: 'answered' } });
    expect(store.needsWrapUp).toBe(true);
    expect(store.agentState).toBe('wrap_up');
    expect(store.call).toMatchObject({ callId: 'out-1', state: 'ended', talkSeconds: 60 });
    store.apply({ name: 'agent:snapshot', data: { state: 'available', pausedReason: null, call: null } });
    expect(store.needsWrapUp).toBe(false);
  });
});

describe('the phone system banner', () => {
  beforeEach(() => setActivePinia(createPinia()));
  const render = () => mount(TelephonyBanner, { global: { plugins: [createI18n({ legacy: false, locale: 'en', messages: { en } })] } });

  it('when the link is down, then every page says so and since when; when it is back, the banner goes', async () => {
    const telephony = useTelephonyStore();
    const wrapper = render();
    expect(wrapper.find('[data-test=telephony-down]').exists()).toBe(false);
    telephony.apply({ name: 'telephony:status', data: { state: 'disconnected', since: '2026-11-30T10:00:00Z' } });
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-test=telephony-down]').text()).toContain('The phone system is unreachable');
    telephony.apply({ name: 'telephony:status', data: { state: 'connected', since: '2026-11-30T10:01:00Z' } });
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-test=telephony-down]').exists()).toBe(false);
  });
});
