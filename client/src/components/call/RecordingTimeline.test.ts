// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../i18n';
import RecordingPlayer from './RecordingPlayer.vue';

const TIMELINE = [
  { at: '2026-11-28T10:00:00Z', action: 'started', details: {}, userId: null, userName: null },
  { at: '2026-11-28T10:01:00Z', action: 'paused', details: {}, userId: 4, userName: 'Оксана Агент' },
  { at: '2026-11-28T10:01:40Z', action: 'resumed', details: {}, userId: 4, userName: 'Оксана Агент' },
  { at: '2026-11-28T10:03:00Z', action: 'available', details: {}, userId: null, userName: null },
  { at: '2026-11-28T11:00:00Z', action: 'played', details: {}, userId: 2, userName: 'supervisor' },
];

describe('the recording\'s timeline beside its player', () => {
  let asked: string[] = [];
  afterEach(() => {
    vi.unstubAllGlobals();
    asked = [];
  });

  it('when a supervisor opens the history of a recording, then it is fetched and shows started, paused and resumed by whom, available, played', async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify({ items: TIMELINE }), { status: 200, headers: { 'content-type': 'application/json' } });
    }));
    const player = mount(RecordingPlayer, { props: { callId: '1733.5', durationSeconds: 42, canDownload: false }, global: { plugins: [createAppI18n('uk')] } });
    expect(asked).toEqual([]);
    const details = player.get('[data-test="recording-timeline"]');
    // Opening the disclosure fires its `toggle` (the browser's, and happy-dom's).
    (details.element as HTMLDetailsElement).open = true;
    await new Promise((resolve) => setTimeout(resolve, 0));
    await flushPromises();
    expect(asked).toEqual(['/api/calls/1733.5/recording/timeline']);
    const lines = player.findAll('li').map((li) => li.text());
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('Запис почато');
    expect(lines[1]).toContain('Призупинено');
    expect(lines[1]).toContain('Оксана Агент');
    expect(lines[2]).toContain('Відновлено');
    expect(lines[3]).toContain('Запис доступний');
    expect(lines[4]).toContain('Прослухано');
    expect(player.get('[data-test="recording-event-played"] [translate="no"]').text()).toBe('supervisor');
  });

  it('when the history cannot be read, then the error is said in words, not as a blank', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: { code: 'forbidden', message: 'no' } }), { status: 403, headers: { 'content-type': 'application/json' } })));
    const player = mount(RecordingPlayer, { props: { callId: '1733.5', durationSeconds: 42, canDownload: false }, global: { plugins: [createAppI18n('en')] } });
    const details = player.get('[data-test="recording-timeline"]');
    // Opening the disclosure fires its `toggle` (the browser's, and happy-dom's).
    (details.element as HTMLDetailsElement).open = true;
    await new Promise((resolve) => setTimeout(resolve, 0));
    await flushPromises();
    expect(player.get('[role="alert"]').text().length).toBeGreaterThan(3);
  });
});
