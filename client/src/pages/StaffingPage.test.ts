// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../i18n';
import StaffingPage from './StaffingPage.vue';

// 8 December 2026 in Kyiv (UTC+2): 09:00 and 09:30, then the next day's 09:00.
const slot = (start: string, label: string, offered: number, a: number, staffed: number | null) => ({
  start, label, offered, ahtSeconds: 180, patienceSeconds: 100, agentsErlangC: a + 1, agentsErlangA: a, staffed, staffToSchedule: Math.ceil(a / 0.7), source: 'history',
});
const FORECAST = {
  queue: 'hotline', from: '2026-12-08', days: 2, shrinkagePercent: 30, shrinkageSource: 'given',
  targets: { serviceLevelPercent: 80, serviceLevelSeconds: 20, maxAbandonPercent: 5, maxOccupancyPercent: 85 },
  basis: { from: '2026-09-15', to: '2026-12-07', daysUsed: 80, daysLeftOut: ['2026-10-01'] },
  patience: { meanSeconds: 100, abandoned: 900, observed: 20000 },
  notes: [],
  slots: [slot('2026-12-08T07:00:00.000Z', '09:00', 40, 8, null), slot('2026-12-08T07:30:00.000Z', '09:30', 44, 9, 7), slot('2026-12-09T07:00:00.000Z', '09:00', 30, 6, null)],
};

describe('StaffingPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when the forecast comes, then the first day is listed per half hour and a changed rota is saved for it', async () => {
    const sent: { method: string; url: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
      sent.push({ method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : null });
      return new Response(JSON.stringify(init.method === 'PUT' ? { saved: 2 } : FORECAST), { status: 200 });
    }));
    const wrapper = mount(StaffingPage, { global: { plugins: [createPinia(), createAppI18n('uk')] } });
    await flushPromises();
    const rows = wrapper.findAll('[data-test="staffing-row"]');
    expect(rows.map((r) => r.text())).toEqual([expect.stringContaining('09:00'), expect.stringContaining('09:30')]);
    expect(rows[0].text()).toContain('40');
    expect(wrapper.get('[data-test="staffing-basis"]').text()).toContain('80 %');
    // The rota starts from what was scheduled, else from what Erlang A needs with shrinkage.
    const inputs = wrapper.findAll('[data-test="staffing-row"] input');
    expect((inputs[0].element as HTMLInputElement).value).toBe('12');
    expect((inputs[1].element as HTMLInputElement).value).toBe('7');
    await inputs[1].setValue('10');
    await wrapper.get('[data-test="staffing-rota-save"]').trigger('submit');
    await flushPromises();
    const put = sent.find((s) => s.method === 'PUT');
    expect(put?.url).toBe('/api/staffing/rota');
    expect(put?.body).toEqual({ queue: 'hotline', slots: [{ start: '2026-12-08T07:00:00.000Z', agents: 12 }, { start: '2026-12-08T07:30:00.000Z', agents: 10 }] });
    expect(sent[0].url).toContain('/api/staffing/forecast?queue=hotline');
  });

  it('when the queue has no history, then the page says the API\'s answer and draws nothing', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: { code: 'no_history', message: 'Queue x has no calls' } }), { status: 404 })));
    const wrapper = mount(StaffingPage, { global: { plugins: [createPinia(), createAppI18n('en')] } });
    await flushPromises();
    expect(wrapper.find('[role="alert"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="staffing-chart"]').exists()).toBe(false);
  });
});
