// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../../i18n';
import CoachingPanel from './CoachingPanel.vue';

const session = { sessionId: '5b6b3d1e-2f9a-4c59-a0a4-0d3f6d1a2b3c', agentUserId: 6, mode: 'listen' as const, since: null };
const base = { session, agentName: 'Тарас Бондар', nowMs: Date.parse('2026-12-07T08:02:05Z'), busy: false, endedBecause: null, error: null };

describe('CoachingPanel', () => {
  it('when the supervisor\'s phone still rings, then the panel says so; once it answers it shows whom, how and for how long, and offers the other two modes and stop', async () => {
    const panel = mount(CoachingPanel, { props: base, global: { plugins: [createAppI18n('uk')] } });
    expect(panel.get('[data-test=spy-agent]').text()).toBe('Тарас Бондар');
    expect(panel.get('[data-test=spy-ringing]').text()).toContain('візьміть слухавку');
    await panel.setProps({ session: { ...session, since: '2026-12-07T08:00:00Z' } });
    expect(panel.get('[data-test=spy-since]').text()).toContain('(02:05)');
    expect(panel.get('[data-test=spy-mode]').text()).toBe('слухаєте');
    expect(panel.find('[data-test=spy-switch-listen]').exists()).toBe(false);
    await panel.get('[data-test=spy-switch-whisper]').trigger('click');
    await panel.get('[data-test=spy-switch-barge]').trigger('click');
    await panel.get('[data-test=spy-stop]').trigger('click');
    expect(panel.emitted('switchTo')).toEqual([['whisper'], ['barge']]);
    expect(panel.emitted('stop')).toHaveLength(1);
  });

  it('when the session ended on its own, then the panel says why in the console\'s language; with nothing to show it is not there', async () => {
    const panel = mount(CoachingPanel, { props: { ...base, session: null, endedBecause: 'supervisor_no_answer' }, global: { plugins: [createAppI18n('en')] } });
    expect(panel.get('[data-test=spy-ended]').text()).toBe('Your phone did not answer, so the listening did not start.');
    await panel.setProps({ endedBecause: null });
    expect(panel.find('[data-test=spy-panel]').exists()).toBe(false);
  });
});
