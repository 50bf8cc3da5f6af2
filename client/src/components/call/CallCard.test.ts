// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import type { CurrentCall, QueueView } from '../../../../server/realtime/contract';
import { createAppI18n } from '../../i18n';
import { card, cardRequest, offered } from '../../test/fixtures';
import { useQueuesStore } from '../../stores/queues';
import CallCard from './CallCard.vue';

function ringing(overrides: Partial<CurrentCall> = {}): CurrentCall {
  return { ...offered(), state: 'ringing', answeredAt: null, endedAt: null, ...overrides };
}

function mountCard(call: CurrentCall, canAttach = false, queues: Partial<QueueView>[] = []) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useQueuesStore(pinia).queues = queues as QueueView[];
  return mount(CallCard, {
    props: { call, canAttach, attachingId: null },
    global: { plugins: [pinia, createAppI18n('uk')], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  });
}

describe('CallCard', () => {
  it('when an open request is overdue, then it is marked red with its days overdue and the on-time one is not', () => {
    const call = ringing({
      card: card({
        openRequests: [
          cardRequest({ id: 1, number: '2026-000001', overdueDays: 12 }),
          cardRequest({ id: 2, number: '2026-000002', overdueDays: 0 }),
        ],
      }),
    });
    const wrapper = mountCard(call);
    const rows = wrapper.findAll('[data-test="card-request"]');
    expect(rows.map((r) => r.get('[data-test="request-number"]').text())).toEqual(['2026-000001', '2026-000002']);
    expect(rows[0]!.attributes('data-overdue')).toBe('true');
    expect(rows[0]!.classes()).toContain('late');
    expect(rows[0]!.get('[data-test="overdue-days"]').text()).toBe('Прострочено на 12 дн.');
    expect(rows[1]!.attributes('data-overdue')).toBe('false');
    expect(rows[1]!.find('[data-test="overdue-days"]').exists()).toBe(false);
  });

  it('when the caller is not in the database, then it shows the number, "unknown caller" and no history sections', () => {
    const call = ringing({ callerNumber: '+380501112233', card: card({ citizen: null, openRequests: [], callsLast30Days: 0 }) });
    const wrapper = mountCard(call);
    expect(wrapper.get('[data-test="caller-name"]').text()).toBe('Невідомий абонент');
    expect(wrapper.get('[data-test="caller-number"]').text()).toBe('+380501112233');
    expect(wrapper.find('[data-test="no-citizen"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="open-requests"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="flag-privileged"]').exists()).toBe(false);
  });

  it('when the number is withheld, then it says so instead of showing "anonymous"', () => {
    const wrapper = mountCard(ringing({ callerNumber: 'anonymous', card: card({ citizen: null, openRequests: [] }) }));
    expect(wrapper.get('[data-test="caller-number"]').text()).toBe('Номер приховано');
  });

  it('when the history is unavailable, then it says so and shows no requests yet', () => {
    const wrapper = mountCard(ringing({ card: card({ citizen: null, openRequests: [], historyUnavailable: true }) }));
    expect(wrapper.find('[data-test="history-unavailable"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="no-citizen"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="request-number"]').exists()).toBe(false);
  });

  it('when the citizen is privileged and confidential, then both flags show', () => {
    const base = card();
    const wrapper = mountCard(ringing({ card: { ...base, citizen: { ...base.citizen!, privileged: true, confidential: true } } }));
    expect(wrapper.find('[data-test="flag-privileged"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="flag-confidential"]').exists()).toBe(true);
  });

  it('when a name contains markup, then it is shown as text', () => {
    const base = card();
    const wrapper = mountCard(ringing({ card: { ...base, citizen: { ...base.citizen!, fullName: '<b>Ivan</b>' } } }));
    expect(wrapper.get('[data-test="caller-name"]').text()).toBe('<b>Ivan</b>');
    expect(wrapper.find('[data-test="caller-name"] b').exists()).toBe(false);
  });

  it('when attaching is allowed and clicked, then it emits the request id', async () => {
    const wrapper = mountCard(ringing({ state: 'answered', answeredAt: '2026-11-28T20:00:05Z' }), true);
    await wrapper.get('[data-test="attach-101"]').trigger('click');
    expect(wrapper.emitted('attach')).toEqual([[101]]);
  });

  it('when the queue has a name for people, then the card shows it, not the PBX\'s name', () => {
    const settings = { displayName: 'Гаряча лінія' } as QueueView['settings'];
    const named = mountCard(ringing({ queue: 'hotline' }), false, [{ name: 'hotline', settings }]);
    expect(named.text()).toContain('Черга: Гаряча лінія');
    expect(named.text()).not.toContain('hotline');
    // a queue the snapshot does not describe (yet) keeps the PBX's name rather than nothing
    expect(mountCard(ringing({ queue: 'hotline' })).text()).toContain('Черга: hotline');
  });
});
