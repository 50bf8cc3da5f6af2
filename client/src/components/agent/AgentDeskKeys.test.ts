// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../i18n';
import { useCallsStore } from '../../stores/calls';
import { useRecordingsStore } from '../../stores/recordings';
import { useWrapUpStore } from '../../stores/wrapUp';
import { offered } from '../../test/fixtures';
import { HOT_KEYS } from '../../composables/useHotKeys';
import AgentDeskKeys from './AgentDeskKeys.vue';

const CALL = '1700000000.1';
const TOPICS = ['HS.01', 'HS.11', 'LS.02'];

/** Stand-ins for the pages: each carries what the keys look for on the real one. */
const select = (test: string) => h('select', { 'data-test': test }, [h('option', 'one')]);
const page = (...children: (() => ReturnType<typeof h>)[]) => ({ render: () => h('div', children.map((c) => c())) });
const pages = {
  calls: page(() => select('pause-reason-select'), () => select('transfer-kind'), () => h('button', { type: 'submit', 'data-test': 'wrap-up-submit' }, 'save')),
  requests: page(() => h('input', { 'data-test': 'requests-search' }), () => select('pause-reason-select')),
  citizens: page(() => h('input', { 'data-test': 'citizen-phone' })),
  citizen: page(() => h('p', { 'data-test': 'citizen-page' })),
};

const press = (key: string, o: Partial<KeyboardEventInit> = {}, target: EventTarget = document.body) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...o }));

/** Lets the app's promises and animation frames run, as many turns as it needs and no more than a few dozen. */
async function settle(done: () => boolean = () => false): Promise<void> {
  for (let i = 0; i < 40 && !done(); i++) {
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('the agent\'s keys on every page (AgentDeskKeys)', () => {
  let posted: { url: string; body: unknown }[];
  let mounted: { unmount(): void }[] = [];

  beforeEach(() => {
    posted = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posted.push({ url, body: JSON.parse(String(init.body)) });
        return new Response(null, { status: url.endsWith('/recording') ? 204 : 202 });
      }
      const body = url === '/api/calls/my-topics' ? { items: TOPICS.map((code, i) => ({ code, uses: 9 - i })) } : { items: [] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }));
  });
  afterEach(() => {
    // Each mount binds the window's keys: the last test's must not answer this one's presses.
    for (const wrapper of mounted) wrapper.unmount();
    mounted = [];
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  async function mountOn(path: string, locale: 'uk' | 'en' = 'uk') {
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/calls', name: 'calls', component: pages.calls },
        { path: '/requests', name: 'requests', component: pages.requests },
        { path: '/citizens', name: 'citizens', component: pages.citizens },
        { path: '/citizens/:id', name: 'citizen', component: pages.citizen },
      ],
    });
    await router.push(path);
    const Layout = { render: () => h('div', [h(AgentDeskKeys), h(RouterView)]) };
    const wrapper = mount(Layout, { attachTo: document.body, global: { plugins: [pinia, router, createAppI18n(locale)] } });
    mounted.push(wrapper);
    await flushPromises();
    return { wrapper, router, calls: useCallsStore(), recordings: useRecordingsStore(), wrapUp: useWrapUpStore() };
  }

  async function onCall(calls: ReturnType<typeof useCallsStore>) {
    calls.apply({ name: 'call:offered', data: offered() });
    calls.apply({ name: 'call:answered', data: { callId: CALL, answeredAt: new Date().toISOString() } });
    await settle();
  }
  const sent = (suffix: string) => posted.filter((p) => p.url.endsWith(suffix));

  it('when the agent on Requests presses h twice, then one hang-up is sent, and none after the call ended', async () => {
    const { calls } = await mountOn('/requests');
    press('h');
    await settle();
    expect(sent('/hangup')).toHaveLength(0);
    await onCall(calls);
    press('h');
    press('h');
    await settle();
    press('h');
    await settle();
    expect(sent('/hangup')).toEqual([{ url: `/api/calls/${CALL}/hangup`, body: {} }]);
    calls.apply({ name: 'call:ended', data: { callId: CALL, endedAt: new Date().toISOString(), talkSeconds: 30 } });
    press('h');
    await settle();
    expect(sent('/hangup')).toHaveLength(1);
  });

  it('when the agent types in a field, then the keys type; with Alt held they act', async () => {
    const { calls, wrapper } = await mountOn('/requests');
    await onCall(calls);
    const field = wrapper.get('[data-test="requests-search"]').element as HTMLInputElement;
    field.focus();
    press('h', {}, field);
    press('m', {}, field);
    await settle();
    expect(posted).toEqual([]);
    press('h', { altKey: true }, field);
    await settle();
    expect(sent('/hangup')).toHaveLength(1);
  });

  it('when the call is recorded, then m pauses and u resumes it, each sent once however often pressed, nothing without a recording', async () => {
    const { calls, recordings } = await mountOn('/requests');
    await onCall(calls);
    press('m');
    await settle();
    expect(sent('/recording')).toEqual([]);
    recordings.apply({ name: 'recording:changed', data: { callId: CALL, state: 'recording', paused: false, at: '2026-11-28T20:00:01Z' } });
    press('u');
    press('m');
    press('m');
    await settle();
    press('m');
    await settle();
    expect(sent('/recording').map((p) => p.body)).toEqual([{ action: 'pause' }]);
    recordings.apply({ name: 'recording:changed', data: { callId: CALL, state: 'recording', paused: true, at: '2026-11-28T20:00:02Z' } });
    press('m');
    press('u');
    press('u');
    await settle();
    expect(sent('/recording').map((p) => p.body)).toEqual([{ action: 'pause' }, { action: 'resume' }]);
    expect(sent('/recording')[1]!.url).toBe(`/api/calls/${CALL}/recording`);
  });

  it('when the agent presses t, /, c or p, then the page that has the rest opens with its field focused', async () => {
    const { calls, router } = await mountOn('/requests');
    await onCall(calls);
    press('p');
    await settle(() => document.activeElement?.getAttribute('data-test') === 'pause-reason-select');
    expect(document.activeElement?.getAttribute('data-test')).toBe('pause-reason-select');
    (document.activeElement as HTMLElement).blur();

    press('t');
    await settle(() => document.activeElement?.getAttribute('data-test') === 'transfer-kind');
    expect(router.currentRoute.value.name).toBe('calls');
    expect(document.activeElement?.getAttribute('data-test')).toBe('transfer-kind');
    (document.activeElement as HTMLElement).blur();

    press('/');
    await settle(() => document.activeElement?.getAttribute('data-test') === 'citizen-phone');
    expect(router.currentRoute.value.name).toBe('citizens');
    expect(document.activeElement?.getAttribute('data-test')).toBe('citizen-phone');
    (document.activeElement as HTMLElement).blur();

    press('c');
    await settle(() => router.currentRoute.value.name === 'citizen');
    expect(router.currentRoute.value.fullPath).toBe('/citizens/7');
  });

  it('when the call is in wrap-up, then a digit picks the agent\'s topic on that key and the Calls page\'s save takes the focus; not before, not past the list', async () => {
    const { calls, router, wrapUp } = await mountOn('/requests');
    await onCall(calls);
    expect(wrapUp.topics).toEqual(TOPICS);
    press('2');
    await settle();
    expect(wrapUp.picked).toBeNull();
    calls.apply({ name: 'call:ended', data: { callId: CALL, endedAt: new Date().toISOString(), talkSeconds: 30 } });
    press('9');
    await settle();
    expect(wrapUp.picked).toBeNull();
    press('2');
    await settle(() => document.activeElement?.getAttribute('data-test') === 'wrap-up-submit');
    expect(wrapUp.picked).toMatchObject({ callId: CALL, code: 'HS.11' });
    expect(router.currentRoute.value.name).toBe('calls');
    expect(document.activeElement?.getAttribute('data-test')).toBe('wrap-up-submit');
  });

  for (const locale of ['uk', 'en'] as const) {
    it(`when ? is pressed (${locale}), then the cheat-sheet names every key in words of the console's language, and Escape closes it`, async () => {
      const { wrapper } = await mountOn('/requests', locale);
      press('?', { shiftKey: true });
      await settle();
      const sheet = wrapper.get('[data-test="hot-keys"]');
      const keys = sheet.findAll('kbd').map((k) => k.text());
      expect(keys).toEqual([...HOT_KEYS.map((k) => k.key), '1–9', 'Enter', 'Alt']);
      for (const line of sheet.findAll('dd').map((d) => d.text())) {
        expect(line).not.toMatch(/^hotKeys\./);
        if (locale === 'uk') expect(line).not.toMatch(/[A-Za-z]/);
      }
      expect(document.activeElement?.getAttribute('data-test')).toBe('hot-keys-close');
      await sheet.trigger('keydown', { key: 'Escape' });
      expect(wrapper.find('[data-test="hot-keys"]').exists()).toBe(false);
    });
  }
});
