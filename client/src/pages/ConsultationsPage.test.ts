// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../i18n';
import ConsultationsPage from './ConsultationsPage.vue';

const summary = (registered: number) => ({
  id: 7, official: { id: 3, fullName: 'Ірина Коваль' }, topic: 'Ремонт доріг', topicCode: null, topicName: null,
  startsAt: '2026-12-03T08:00:00Z', endsAt: '2026-12-03T09:00:00Z', durationMinutes: 60, capacity: 10, registered, status: 'scheduled', dialMode: 'sequential',
});

describe('ConsultationsPage (the official\'s own)', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('when the list has not changed, then polling does not read every consultation again (each read is an audited read of personal data)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let registered = 1;
    const detailReads = vi.fn();
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      const path = String(url);
      if (path.startsWith('/api/consultations?')) return Response.json({ items: [summary(registered)] });
      if (path === '/api/consultations/7') {
        detailReads();
        return Response.json({ ...summary(registered), participants: [], legs: [] });
      }
      return Response.json([]);
    }));
    const wrapper = mount(ConsultationsPage, { global: { plugins: [createPinia(), createAppI18n('uk')], stubs: ['RouterLink'] } });
    await flushPromises();
    expect(detailReads).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(15_000);
    await flushPromises();
    expect(detailReads).toHaveBeenCalledTimes(1);

    registered = 2;
    await vi.advanceTimersByTimeAsync(15_000);
    await flushPromises();
    expect(detailReads).toHaveBeenCalledTimes(2);
    wrapper.unmount();
  });
});
