// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../i18n';
import { useCallsStore } from '../../stores/calls';
import { useRecordingsStore } from '../../stores/recordings';
import { offered } from '../../test/fixtures';
import AgentCallBar from './AgentCallBar.vue';

const CALL = '1700000000.1';
const focusables = (root: Element) => [...root.querySelectorAll('a[href], button, input, select')]
  .filter((el) => (el as HTMLElement).tabIndex >= 0)
  .map((el) => el.getAttribute('data-test'));

describe('AgentCallBar without a mouse', () => {
  // The end of a call reloads "my calls": an empty list, not a connection to nowhere.
  beforeEach(() => vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ items: [] }), { status: 200 }))));
  afterEach(() => vi.unstubAllGlobals());

  async function mountBar() {
    const pinia = createPinia();
    setActivePinia(pinia);
    const page = defineComponent({ render: () => h('div') });
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/calls', name: 'calls', component: page }, { path: '/requests', name: 'requests', component: page }] });
    await router.push('/requests');
    const wrapper = mount(AgentCallBar, { global: { plugins: [pinia, router, createAppI18n('uk')] } });
    return { wrapper, calls: useCallsStore(), recordings: useRecordingsStore() };
  }

  it('when the agent is on a recorded call, then the bar says whether the recording runs, and Tab goes hang-up, the card, the pause reason, pause', async () => {
    const { wrapper, calls, recordings } = await mountBar();
    calls.apply({ name: 'call:offered', data: offered() });
    calls.apply({ name: 'call:answered', data: { callId: CALL, answeredAt: new Date().toISOString() } });
    recordings.apply({ name: 'recording:changed', data: { callId: CALL, state: 'recording', paused: false, at: '2026-11-28T20:00:01Z' } });
    await flushPromises();
    expect(wrapper.get('[data-test="call-bar-recording"]').text()).toBe('Іде запис');
    recordings.apply({ name: 'recording:changed', data: { callId: CALL, state: 'recording', paused: true, at: '2026-11-28T20:00:02Z' } });
    await flushPromises();
    expect(wrapper.get('[data-test="call-bar-recording"]').attributes('data-paused')).toBe('true');
    expect(focusables(wrapper.element)).toEqual(['call-bar-hangup', 'call-bar-open', 'pause-reason-select', 'pause']);

    calls.apply({ name: 'call:ended', data: { callId: CALL, endedAt: new Date().toISOString(), talkSeconds: 30 } });
    await flushPromises();
    expect(wrapper.find('[data-test="call-bar-recording"]').exists()).toBe(false);
    expect(focusables(wrapper.element)).toEqual(['call-bar-wrap-up', 'pause-reason-select', 'pause']);
  });
});
