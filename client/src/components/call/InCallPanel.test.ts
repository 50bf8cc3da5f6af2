// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../../i18n';
import InCallPanel from './InCallPanel.vue';

const mountPanel = (registered: { id: number; number: string } | null) =>
  mount(InCallPanel, {
    props: { answeredAt: new Date().toISOString(), formOpen: false, registered },
    global: { plugins: [createAppI18n('en')], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  });

describe('InCallPanel', () => {
  it('when nothing is registered from the call yet, then the Register button is offered', () => {
    expect(mountPanel(null).find('[data-test="toggle-request-form"]').exists()).toBe(true);
  });

  it('when a request was registered from the call, then the Register button goes and the request number shows', () => {
    const wrapper = mountPanel({ id: 9, number: '2026-000009' });
    expect(wrapper.find('[data-test="toggle-request-form"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="registered-from-call"]').text()).toContain('2026-000009');
  });
});
