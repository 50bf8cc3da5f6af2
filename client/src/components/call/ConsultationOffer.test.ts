// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../i18n';
import ConsultationOffer from './ConsultationOffer.vue';

const upcoming = {
  id: 5, official: { id: 2, fullName: 'Коваль Ірина' }, topic: 'Ремонт доріг', topicCode: 'ROAD', topicName: 'Дороги',
  startsAt: '2026-12-03T10:00:00.000Z', endsAt: '2026-12-03T11:00:00.000Z', durationMinutes: 60, capacity: 10, registered: 3,
  status: 'scheduled', dialMode: 'sequential',
};

describe('ConsultationOffer', () => {
  let requests: { url: string; method: string; body: unknown }[];

  beforeEach(() => {
    requests = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      requests.push({ url, method: init?.method ?? 'GET', body: init?.body ? JSON.parse(String(init.body)) : null });
      const body = url.startsWith('/api/consultations?') ? { items: [upcoming] } : { ...upcoming, participants: [], legs: [] };
      return new Response(JSON.stringify(body), { status: 200 });
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when an agent opens it during a call and picks a topic, then the coming consultations on it are offered and one click registers the caller with their question and the call', async () => {
    const wrapper = mount(ConsultationOffer, {
      props: { callId: 'call-1', citizenId: 42, citizenName: 'Петренко Олена', callerNumber: '+380671234567', topics: [{ code: 'ROAD', name: 'Дороги', group: null }] },
      global: { plugins: [createAppI18n('uk')] },
    });
    await wrapper.get('[data-test=toggle-consultation-offer]').trigger('click');
    await wrapper.get('[data-test=offer-topic]').setValue('ROAD');
    await flushPromises();
    const listed = requests.filter((r) => r.method === 'GET').pop()!;
    expect(listed.url).toMatch(/status=scheduled/);
    expect(listed.url).toMatch(/topicCode=ROAD/);
    expect(wrapper.get('[data-test=offer-5]').text()).toContain('Коваль Ірина');

    await wrapper.get('[data-test=offer-question]').setValue('Коли полагодять дорогу?');
    await wrapper.get('[data-test=offer-register-5]').trigger('click');
    await flushPromises();
    expect(requests.find((r) => r.method === 'POST')).toEqual({
      url: '/api/consultations/5/participants', method: 'POST',
      body: { citizenId: 42, question: 'Коли полагодять дорогу?', topicCode: 'ROAD', callId: 'call-1' },
    });
    expect(wrapper.find('[data-test=offer-done]').exists()).toBe(true);
  });
});
