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

function mountPanel(role: Role, actions: TransitionAction[], pendingExtension: PendingExtension | null = null) {
  return mount(TransitionPanel, {
    props: { actions, executors: [], busy: false, role, pendingExtension },
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
});
