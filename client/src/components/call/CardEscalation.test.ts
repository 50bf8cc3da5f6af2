// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import type { CurrentCall } from '../../../../server/realtime/contract';
import { createAppI18n } from '../../i18n';
import { card, offered } from '../../test/fixtures';
import CallCard from './CallCard.vue';

function answered(overrides: Partial<CurrentCall> = {}): CurrentCall {
  return { ...offered(), state: 'answered', answeredAt: '2026-11-28T20:00:05Z', endedAt: null, ...overrides };
}

function mountCard(call: CurrentCall, canAttach: boolean, locale: 'uk' | 'en' = 'uk') {
  setActivePinia(createPinia());
  return mount(CallCard, {
    props: { call, canAttach, attachingId: null },
    global: { plugins: [createAppI18n(locale)], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  });
}

const escalation = { requestId: 7, number: '2026-000007', calls: 3, since: '2026-11-02T09:00:00Z', marked: true };

describe('the call card: notices and repeat calls (issue 25)', () => {
  it('when the caller has called about an open request before, then the card says how often, since when, that the supervisor has it, and offers to add the call to it', async () => {
    const wrapper = mountCard(answered({ card: card({ escalation }) }), true);
    const line = wrapper.get('[data-test="card-escalation"]');
    expect(line.text()).toContain('Щодо заявки 2026-000007 вже дзвонили 3 рази з 02.11.2026');
    expect(line.find('[data-test="escalation-marked"]').text()).toBe('У супервізора');
    await line.get('[data-test="escalation-attach"]').trigger('click');
    expect(wrapper.emitted('attach')).toEqual([[7]]);
  });

  it('when the call still rings (nothing to attach yet), then the line shows without the button; with one call, the singular form', () => {
    const wrapper = mountCard(answered({ state: 'ringing', card: card({ escalation: { ...escalation, calls: 1, marked: false } }) }), false);
    const line = wrapper.get('[data-test="card-escalation"]');
    expect(line.text()).toContain('1 раз ');
    expect(line.find('[data-test="escalation-attach"]').exists()).toBe(false);
    expect(line.find('[data-test="escalation-marked"]').exists()).toBe(false);
  });

  it('when notices concern the caller, then their titles are listed; with none, the section is absent', () => {
    const wrapper = mountCard(answered({ card: card({ notices: [{ id: 4, title: 'Аварія на Лермонтова' }] }) }), false, 'en');
    expect(wrapper.findAll('[data-test="card-notice"]').map((n) => n.text())).toEqual(['Аварія на Лермонтова']);
    expect(wrapper.get('[data-test="card-notices"]').text()).toContain('Notices for this caller');
    expect(mountCard(answered(), false).find('[data-test="card-notices"]').exists()).toBe(false);
  });
});
