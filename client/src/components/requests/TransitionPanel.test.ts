// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { TransitionAction } from '../../api/requests';
import type { PendingExtension, Role } from '../../api/types';
import { createAppI18n } from '../../i18n';
import TransitionPanel from './TransitionPanel.vue';

const pending: PendingExtension = {
  days: 7, reason: 'Чекаємо на запірну арматуру', requestedAt: '2026-11-20T10:00:00Z', requestedBy: { id: 4, fullName: 'Водоканал, інженер' },
};

function mountPanel(role: Role, actions: TransitionAction[], pendingExtension: PendingExtension | null = null, hasApplicant = true) {
  return mount(TransitionPanel, {
    props: { actions, executors: [], busy: false, role, pendingExtension, hasApplicant },
    global: { plugins: [createAppI18n('uk')] },
  });
}

describe('TransitionPanel', () => {
  it('when an executor may extend, then the button asks for an extension and sends days and reason', async () => {
    const wrapper = mountPanel('executor', ['start', 'extend', 'comment']);
    expect(wrapper.get('[data-test="transition-extend"]').text()).toBe('Попросити продовження');
    await wrapper.get('[data-test="transition-extend"]').trigger('click');
    await wrapper.get('[data-test="transition-days"]').setValue(7);
    await wrapper.get('[data-test="transition-reason"]').setValue('Чекаємо на арматуру');
    await wrapper.get('[data-test="transition-form"]').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([[{ action: 'extend', days: 7, reason: 'Чекаємо на арматуру' }]]);
  });

  it('when a supervisor sees a pending ask, then the asked days and reason are shown, and approve and reject send their bodies', async () => {
    const wrapper = mountPanel('supervisor', ['approve_extension', 'reject_extension', 'extend'], pending);
    expect(wrapper.get('[data-test="pending-extension"]').text()).toContain('7');
    expect(wrapper.get('[data-test="pending-extension-reason"]').text()).toBe('Чекаємо на запірну арматуру');
    expect(wrapper.get('[data-test="transition-extend"]').text()).toBe('Продовжити термін');
    await wrapper.get('[data-test="transition-approve_extension"]').trigger('click');
    await wrapper.get('[data-test="transition-form"]').trigger('submit');
    await wrapper.get('[data-test="transition-reject_extension"]').trigger('click');
    await wrapper.get('[data-test="transition-reason"]').setValue('Строк достатній');
    await wrapper.get('[data-test="transition-form"]').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([[{ action: 'approve_extension' }], [{ action: 'reject_extension', reason: 'Строк достатній' }]]);
  });

  it('when a supervisor extends and says the applicant was phoned, then the body carries the notice with its time; left untold, none is sent', async () => {
    const wrapper = mountPanel('supervisor', ['extend']);
    await wrapper.get('[data-test="transition-extend"]').trigger('click');
    await wrapper.get('[data-test="transition-days"]').setValue(5);
    await wrapper.get('[data-test="transition-reason"]').setValue('Обстеження мережі');
    await wrapper.get('[data-test="transition-form"]').trigger('submit');
    await wrapper.get('[data-test="notice-channel"]').setValue('phone');
    await wrapper.get('[data-test="notice-at"]').setValue('2026-11-29T14:30');
    await wrapper.get('[data-test="transition-form"]').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([
      [{ action: 'extend', days: 5, reason: 'Обстеження мережі' }],
      [{ action: 'extend', days: 5, reason: 'Обстеження мережі', notice: { channel: 'phone', at: new Date('2026-11-29T14:30').toISOString() } }],
    ]);
  });

  it('when a channel is chosen but the time is cleared, then approving cannot be sent', async () => {
    const wrapper = mountPanel('supervisor', ['approve_extension'], pending);
    await wrapper.get('[data-test="transition-approve_extension"]').trigger('click');
    await wrapper.get('[data-test="notice-channel"]').setValue('letter');
    await wrapper.get('[data-test="notice-at"]').setValue('');
    expect(wrapper.get('[data-test="transition-submit"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-test="notice-at"]').setValue('2026-11-29T09:00');
    await wrapper.get('[data-test="transition-form"]').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([[{ action: 'approve_extension', notice: { channel: 'letter', at: new Date('2026-11-29T09:00').toISOString() } }]]);
  });

  it('when an executor asks, or the appeal is anonymous, then nobody is asked how the applicant was told', async () => {
    const executor = mountPanel('executor', ['extend']);
    await executor.get('[data-test="transition-extend"]').trigger('click');
    expect(executor.find('[data-test="notice"]').exists()).toBe(false);
    const anonymous = mountPanel('supervisor', ['extend'], null, false);
    await anonymous.get('[data-test="transition-extend"]').trigger('click');
    expect(anonymous.find('[data-test="notice"]').exists()).toBe(false);
  });
});
