// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { ConsultationPanel, ConsultationPanelLeg } from '../../../../server/realtime/contract';
import { createAppI18n } from '../../i18n';
import LivePanel from './LivePanel.vue';

const leg = (l: Partial<ConsultationPanelLeg>): ConsultationPanelLeg => ({
  id: 1, who: 'official', number: '+380671110001', state: 'joined', direction: 'out', participantId: null, name: 'Ірина Коваль',
  question: null, attempts: 1, muted: false, talking: false, joinedAt: null, retryAt: null, reason: null, ...l,
});
const panel = (legs: ConsultationPanelLeg[], alert: string | null = null): ConsultationPanel => ({
  id: 7, status: 'running', room: '8001', alert, startedAt: '2026-12-07T08:40:00Z', legs, speaking: null, waiting: 0,
});
// 10:46 in the browser's own time zone, whatever the machine's is.
const retryAt = new Date(2026, 11, 7, 10, 46).toISOString();

describe('LivePanel', () => {
  it("when the official's phone failed and will be dialled again, then the leg says failed, the retry time and why, in Ukrainian", () => {
    const wrapper = mount(LivePanel, {
      props: { panel: panel([leg({ state: 'failed', retryAt, reason: 'busy' })]) },
      global: { plugins: [createAppI18n('uk')] },
    });
    expect(wrapper.get('[data-test="leg-state-1"]').text()).toContain('не додзвонилися, повтор о 10:46');
    expect(wrapper.get('[data-test="leg-reason-1"]').text()).toBe('зайнято');
  });

  it('when a leg cannot be dialled at all, then the panel says so and names the setting, in English too', () => {
    const wrapper = mount(LivePanel, {
      props: { panel: panel([leg({ state: 'failed', reason: 'undialable' })], 'official_undialable') },
      global: { plugins: [createAppI18n('en')] },
    });
    expect(wrapper.get('[data-test="leg-state-1"]').text()).not.toContain('retry');
    expect(wrapper.get('[data-test="leg-reason-1"]').text()).toBe('the phone system cannot dial this channel');
    expect(wrapper.get('[data-test="panel-alert"]').text()).toContain('CONSULT_OFFICIAL_CHANNEL');
  });

  it('when a leg is dialled or in the room, then no reason is shown', () => {
    const wrapper = mount(LivePanel, { props: { panel: panel([leg({ state: 'dialing' })]) }, global: { plugins: [createAppI18n('uk')] } });
    expect(wrapper.get('[data-test="leg-state-1"]').text()).toBe('набір');
    expect(wrapper.find('[data-test="leg-reason-1"]').exists()).toBe(false);
  });
});
