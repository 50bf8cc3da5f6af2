// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../i18n';
import RetentionPage from './RetentionPage.vue';

const setting = (kind: string, keepDays: number, keepDaysInForce = keepDays) => ({ kind, keep: `${keepDays} days`, keepDays, keepDaysInForce, countedFrom: 'closing', basis: 'law', updatedAt: '2026-12-01T00:00:00Z' });
const view = {
  settings: [setting('requests', 1826), setting('audit_log', 1826, 2557), setting('sessions', 90), setting('import_files', 0), setting('recordings', 1096)],
  runs: [
    { id: 2, startedAt: '2026-12-06T00:30:00Z', finishedAt: null, status: 'failed', trigger: 'schedule', anonymised: 3, held: 1, deleted: {}, resumed: 0, error: 'disk full' },
    { id: 1, startedAt: '2026-12-05T00:30:00Z', finishedAt: '2026-12-05T00:31:00Z', status: 'done', trigger: 'schedule', anonymised: 12, held: 2, deleted: { sessions: 4, loginFailures: 0, auditLog: 7 }, resumed: 1, error: null },
  ],
};

describe('RetentionPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when an admin opens it, then each kind shows its period in force and each run what it did, in either language', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(view), { status: 200 })));
    for (const [locale, words] of [['uk', ['Звернення та їхні файли', '5 років', '7 років', '3 роки', 'не зберігаються', 'Записи розмов', 'Збій', 'disk full', 'завершив перерваний запуск', 'рядків аудиту: 7']],
      ['en', ['Requests and their files', '5 years', '7 years', 'not kept', 'Call recordings', 'Failed', 'finished an interrupted run', 'audit lines: 7']]] as const) {
      const wrapper = mount(RetentionPage, { global: { plugins: [createAppI18n(locale)] } });
      await flushPromises();
      const text = wrapper.text();
      for (const w of words) expect(text, `${locale}: ${w}`).toContain(w);
      expect(wrapper.findAll('[data-test="retention-run"]').map((r) => r.attributes('data-status'))).toEqual(['failed', 'done']);
    }
  });
});
