// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../i18n';
import BackupsPage from './BackupsPage.vue';

function serve(items: unknown[]) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ items }), { status: 200 })));
}

describe('BackupsPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when the last backup failed, then its row says so with the reason, beside the earlier one that worked, in Ukrainian', async () => {
    serve([
      { at: '2026-12-07T01:00:00Z', file: '/var/backups/hromada-2.dump', bytes: null, ok: false, error: 'pg_dump failed (exit 1): No space left on device' },
      { at: '2026-12-06T01:00:00Z', file: '/var/backups/hromada-1.dump', bytes: 5_242_880, ok: true },
    ]);
    const wrapper = mount(BackupsPage, { global: { plugins: [createPinia(), createAppI18n('uk')] } });
    await flushPromises();
    const rows = wrapper.findAll('[data-test="backups-row"]');
    expect(rows.map((r) => r.attributes('data-ok'))).toEqual(['false', 'true']);
    expect(rows[0].text()).toContain('Не вдалося: pg_dump failed (exit 1): No space left on device');
    expect(rows[1].text()).toContain('hromada-1.dump');
    expect(rows[1].text()).toContain('5 МіБ');
    expect(rows[1].text()).toContain('Готово');
  });

  it('when no backup has run, then the page says so in English', async () => {
    serve([]);
    const wrapper = mount(BackupsPage, { global: { plugins: [createPinia(), createAppI18n('en')] } });
    await flushPromises();
    expect(wrapper.get('[data-test="backups-empty"]').text()).toBe('No scheduled backup has run yet.');
  });
});
