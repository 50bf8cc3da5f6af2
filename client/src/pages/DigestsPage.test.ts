// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../i18n';
import { useDigestsStore } from '../stores/digests';
import DigestsPage from './DigestsPage.vue';

const run = (status: 'sent' | 'failed', error: string | null) => ({
  week: '2026-11-30', kind: 'executor', executorId: 1, executorCode: 'WATER', executorName: 'КП «Кривбасводоканал»',
  recipients: ['water@city.test'], items: 2, status, error, attempt: 3, at: '2026-11-30T06:00:00Z', tries: 3,
});

function serve(view: unknown) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(view), { status: 200 })));
}

describe('DigestsPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when a digest could not be sent, then the page says "not sent" with the tries and the error; SMTP missing is said too', async () => {
    serve({ week: '2026-11-30', smtp: false, cron: '0 8 * * 1', timeZone: 'Europe/Kyiv', rankingTo: [], runs: [run('failed', 'connect ECONNREFUSED 127.0.0.1:25')], late: [] });
    const wrapper = mount(DigestsPage, { global: { plugins: [createPinia(), createAppI18n('uk')] } });
    await flushPromises();
    const row = wrapper.get('[data-test="digests-run-row"]');
    expect(row.attributes('data-status')).toBe('failed');
    expect(row.text()).toContain('Не надіслано');
    expect(row.text()).toContain('спроб: 3');
    expect(row.text()).toContain('ECONNREFUSED');
    expect(wrapper.find('[data-test="digests-no-smtp"]').exists()).toBe(true);
  });

  it('when the server refused to send for want of SMTP or an address, then the Ukrainian page says why in Ukrainian', async () => {
    const runs = [run('failed', 'SMTP is not configured (SMTP_URL)'), { ...run('failed', 'no e-mail address to send to'), executorId: 2 }];
    serve({ week: '2026-11-30', smtp: false, cron: '0 8 * * 1', timeZone: 'Europe/Kyiv', rankingTo: [], runs, late: [] });
    const wrapper = mount(DigestsPage, { global: { plugins: [createPinia(), createAppI18n('uk')] } });
    await flushPromises();
    const rows = wrapper.findAll('[data-test="digests-run-row"]').map((r) => r.text());
    expect(rows[0]).toContain('пошту не налаштовано');
    expect(rows[1]).toContain('немає адреси електронної пошти');
    expect(rows.join(' ')).not.toMatch(/SMTP is not|no e-mail/);
  });

  it('when it went out, then the page says "sent"', async () => {
    serve({ week: '2026-11-30', smtp: true, cron: '0 8 * * 1', timeZone: 'Europe/Kyiv', rankingTo: ['deputy@city.test'], runs: [run('sent', null)], late: [] });
    const wrapper = mount(DigestsPage, { global: { plugins: [createPinia(), createAppI18n('en')] } });
    await flushPromises();
    expect(wrapper.get('[data-test="digests-run-row"]').text()).toContain('Sent');
    expect(wrapper.find('[data-test="digests-no-smtp"]').exists()).toBe(false);
  });

  it('when "send now" is pressed without SMTP, then the page says the digests were kept, not sent', async () => {
    const view = { week: '2026-11-30', smtp: false, cron: '0 8 * * 1', timeZone: 'Europe/Kyiv', rankingTo: [], runs: [], late: [] };
    vi.stubGlobal('fetch', vi.fn(async (url: string) => new Response(JSON.stringify(url.endsWith('/run') ? { week: '2026-11-30', smtp: false } : view), { status: url.endsWith('/run') ? 202 : 200 })));
    const wrapper = mount(DigestsPage, { global: { plugins: [createPinia(), createAppI18n('uk')] } });
    await flushPromises();
    await wrapper.get('[data-test="digests-run"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="status"]').text()).toContain('листи не надіслано');
    expect(wrapper.text()).not.toContain('поставлено в чергу');
  });

  it('when the server says a digest attempt was recorded, then the page reads the runs again without a reload', async () => {
    let runs: unknown[] = [];
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ week: '2026-11-30', smtp: false, cron: '0 8 * * 1', timeZone: 'Europe/Kyiv', rankingTo: [], runs, late: [] }), { status: 200 })));
    const pinia = createPinia();
    const wrapper = mount(DigestsPage, { global: { plugins: [pinia, createAppI18n('uk')] } });
    await flushPromises();
    expect(wrapper.find('[data-test="digests-run-row"]').exists()).toBe(false);
    runs = [run('failed', 'SMTP is not configured (SMTP_URL)')];
    useDigestsStore(pinia).apply({ name: 'digests:changed', data: { week: '2026-11-30', at: '2026-11-30T06:00:00Z' } });
    await flushPromises();
    expect(wrapper.get('[data-test="digests-run-row"]').text()).toContain('Не надіслано');
  });
});

