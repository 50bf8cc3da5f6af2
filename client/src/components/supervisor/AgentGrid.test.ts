// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { AgentGridRow } from '../../../../server/realtime/contract';
import { createAppI18n } from '../../i18n';
import AgentGrid from './AgentGrid.vue';

const row: AgentGridRow = {
  userId: 5, name: 'Олена Коваль', interface: 'PJSIP/1001', state: 'available', since: '2026-12-07T08:00:00Z',
  pausedReason: null, call: null, answeredToday: 0, averageHandleSeconds: null,
};

describe('AgentGrid', () => {
  it('when a supervisor presses "pause" without touching the list, then the agent is paused with the first reason, which the list shows chosen', async () => {
    const grid = mount(AgentGrid, { props: { agents: [row], nowMs: Date.parse(row.since), busyId: null }, global: { plugins: [createAppI18n('uk')] } });
    expect((grid.get('[data-test=pause-reason]').element as HTMLSelectElement).value).toBe('break');
    expect(grid.get('[data-test=force-pause]').attributes('disabled')).toBeUndefined();
    await grid.get('[data-test=force-pause]').trigger('click');
    expect(grid.emitted('pause')).toEqual([[5, 'break']]);
    await grid.get('[data-test=pause-reason]').setValue('lunch');
    await grid.get('[data-test=force-pause]').trigger('click');
    expect(grid.emitted('pause')?.[1]).toEqual([5, 'lunch']);
  });

  it('when a supervisor with a phone sees an agent talking, then only that row offers "listen"; while they listen the row is marked and no other listen is offered; without a phone none is', async () => {
    const talking: AgentGridRow = {
      ...row, userId: 6, name: 'Тарас Бондар', interface: 'PJSIP/1002', state: 'in_call',
      call: { callId: 'c-1', queue: 'support', callerNumber: '+380671234567', citizenId: null, citizenName: null, since: row.since },
    };
    const ringing: AgentGridRow = { ...talking, userId: 7, state: 'ringing' };
    const props = { agents: [row, talking, ringing], nowMs: Date.parse(row.since), busyId: null };
    const grid = mount(AgentGrid, { props: { ...props, canSpy: true }, global: { plugins: [createAppI18n('uk')] } });
    expect(grid.findAll('[data-test=spy-listen]')).toHaveLength(1);
    await grid.get('[data-test=agent-6] [data-test=spy-listen]').trigger('click');
    expect(grid.emitted('listen')).toEqual([[6]]);

    await grid.setProps({ spyAgentId: 6 });
    expect(grid.findAll('[data-test=spy-listen]')).toHaveLength(0);
    expect(grid.get('[data-test=agent-6] [data-test=spied]').text()).toContain('ви слухаєте');

    const noPhone = mount(AgentGrid, { props, global: { plugins: [createAppI18n('uk')] } });
    expect(noPhone.findAll('[data-test=spy-listen]')).toHaveLength(0);
  });
});
