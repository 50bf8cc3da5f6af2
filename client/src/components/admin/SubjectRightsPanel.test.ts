// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../i18n';
import SubjectRightsPanel from './SubjectRightsPanel.vue';

describe('SubjectRightsPanel', () => {
  let answer: { status: number; body: unknown };
  let sent: { url: string; body: unknown }[];

  beforeEach(() => {
    sent = [];
    vi.stubGlobal('confirm', () => true);
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      sent.push({ url, body: init?.body ? JSON.parse(String(init.body)) : null });
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  const mountFor = (citizenId: number) => mount(SubjectRightsPanel, { props: { citizenId }, global: { plugins: [createAppI18n('uk')] } });

  it('when an admin opens a citizen, then both export files are offered for that citizen', () => {
    const wrapper = mountFor(42);
    expect(wrapper.get('[data-test=subject-export-pdf]').attributes('href')).toBe('/api/admin/citizens/42/export?format=pdf');
    expect(wrapper.get('[data-test=subject-export-json]').attributes('href')).toBe('/api/admin/citizens/42/export?format=json');
  });

  it('when the law holds the data, then the refusal shows the requests the server named', async () => {
    answer = { status: 409, body: { error: { code: 'legal_hold', message: 'held', fields: { requests: '2026-000007 (in_progress)' } } } };
    const wrapper = mountFor(42);
    await wrapper.get('[data-test=subject-reason]').setValue('Заява від 01.12');
    await wrapper.get('[data-test=subject-anonymise]').trigger('click');
    await flushPromises();
    expect(sent).toEqual([{ url: '/api/admin/citizens/42/anonymise', body: { reason: 'Заява від 01.12' } }]);
    expect(wrapper.get('[data-test=subject-error]').text()).toContain('2026-000007 (in_progress)');
    expect(wrapper.emitted('anonymised')).toBeUndefined();
  });

  it('when it is anonymised, then the page is told to reload and the counts are shown', async () => {
    answer = { status: 200, body: { citizenId: 42, at: '2026-12-07T04:00:00.000Z', changed: { requests: 3, calls: 5 } } };
    const wrapper = mountFor(42);
    await wrapper.get('[data-test=subject-reason]').setValue('Заява');
    await wrapper.get('[data-test=subject-anonymise]').trigger('click');
    await flushPromises();
    expect(wrapper.emitted('anonymised')).toHaveLength(1);
    expect(wrapper.get('[data-test=subject-done]').text()).toMatch(/3.*5/);
  });
});
