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
});
