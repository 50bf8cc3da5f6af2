// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../i18n';
import type { Topic } from '../../api/types';
import WrapUpPanel from './WrapUpPanel.vue';

const topic = (code: string, name: string, nameEn: string): Topic => ({ code, name, nameEn, group: 'housing', parent: 'HS' });
const WATER = topic('HS.01', 'Холодна вода', 'Cold water');
const HEAT = topic('HS.11', 'Опалення', 'Heating');
const ROADS = topic('LS.02', 'Ями на дорозі', 'Potholes');

describe('WrapUpPanel: the wrap-up on the keyboard', () => {
  beforeEach(() => vi.stubGlobal('fetch', vi.fn(async () => new Response('[]', { status: 200 }))));
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  function mountPanel(props: Partial<InstanceType<typeof WrapUpPanel>['$props']> = {}, locale: 'uk' | 'en' = 'uk') {
    return mount(WrapUpPanel, {
      attachTo: document.body,
      props: {
        openRequests: [], topics: [WATER, HEAT, ROADS], registered: null, busy: false, error: null,
        // The digits as the agent's list numbers them: a topic the reference data lacks keeps its number empty.
        quickTopics: [{ digit: 1, topic: HEAT }, { digit: 3, topic: WATER }],
        picked: null,
        ...props,
      },
      global: { plugins: [createAppI18n(locale)] },
    });
  }

  it('when the wrap-up opens, then the agent\'s frequent topics are listed with their digits, in the console\'s language', () => {
    expect(mountPanel().findAll('[data-test^="wrap-up-quick-"]').map((b) => b.text())).toEqual(['1 Опалення', '3 Холодна вода']);
    expect(mountPanel({}, 'en').findAll('[data-test^="wrap-up-quick-"]').map((b) => b.text())).toEqual(['1 Heating', '3 Cold water']);
    expect(mountPanel({ quickTopics: [] }).find('[data-test="wrap-up-quick"]').exists()).toBe(false);
  });

  it('when a digit key picked a topic, then the call is a consultation on it, the save button has the focus, and Enter saves it', async () => {
    const panel = mountPanel();
    await panel.setProps({ picked: { code: 'HS.01', seq: 1 } });
    await flushPromises();
    expect((panel.get('[data-test="wrap-up-consultation"]').element as HTMLInputElement).checked).toBe(true);
    expect(document.activeElement).toBe(panel.get('[data-test="wrap-up-submit"]').element);
    expect(panel.get('[data-test="wrap-up-quick-3"]').attributes('aria-pressed')).toBe('true');
    // Enter on a focused submit button submits its form.
    await panel.get('form').trigger('submit');
    expect(panel.emitted('classify')).toEqual([[{ kind: 'consultation', topicCode: 'HS.01' }]]);
  });

  it('when the same digit is pressed again after choosing otherwise, then it picks the topic again; a click on a numbered topic does the same', async () => {
    const panel = mountPanel({ openRequests: [{ id: 5, number: '2026-000005', status: 'assigned', topic: { code: 'HS.01', name: 'Холодна вода' }, executor: null, dueAt: null, overdueDays: 0 }] });
    await panel.setProps({ picked: { code: 'HS.11', seq: 1 } });
    await panel.get('[data-test="wrap-up-attached"]').setValue(true);
    await panel.setProps({ picked: { code: 'HS.11', seq: 2 } });
    await flushPromises();
    expect((panel.get('[data-test="wrap-up-consultation"]').element as HTMLInputElement).checked).toBe(true);
    await panel.get('[data-test="wrap-up-quick-3"]').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(panel.get('[data-test="wrap-up-submit"]').element);
    await panel.get('form').trigger('submit');
    expect(panel.emitted('classify')?.at(-1)).toEqual([{ kind: 'consultation', topicCode: 'HS.01' }]);
  });

  it('when the agent tabs through the form, then the order is the frequent topics, the choices, then save', () => {
    const panel = mountPanel();
    const order = [...panel.element.querySelectorAll('button, input, select, a[href]')]
      .filter((el) => (el as HTMLElement).tabIndex >= 0)
      .map((el) => el.getAttribute('data-test') ?? el.tagName);
    expect(order.slice(0, 2)).toEqual(['wrap-up-quick-1', 'wrap-up-quick-3']);
    expect(order.indexOf('wrap-up-request')).toBeGreaterThan(1);
    expect(order.at(-1)).toBe('wrap-up-submit');
  });
});
