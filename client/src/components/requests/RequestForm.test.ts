// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Executor, Topic } from '../../api/types';
import { createAppI18n } from '../../i18n';
import RequestForm from './RequestForm.vue';

const topics: Topic[] = [
  { code: 'HS.01', name: 'Відсутність холодного водопостачання', group: 'housing_services' },
  { code: 'LS.02', name: 'Прибирання території', group: 'landscaping' },
];
const executors: Executor[] = [{ id: 3, code: 'WATER', name: 'КП «Кривбасводоканал»', kind: 'utility' }];

type Handler = (url: string, init?: RequestInit) => { status: number; body: unknown };

function stubServer(handler: Handler) {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const { status, body } = handler(url, init);
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function mountForm(callId: string | null = 'call-1') {
  return mount(RequestForm, {
    props: { prefill: { citizenId: 7, fullName: 'Ірина Коваль', phone: '+380671234567', address: 'вул. Соборності, 10' }, callId, topics, executors },
    global: { plugins: [createAppI18n('uk')], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  });
}

async function fillValid(wrapper: ReturnType<typeof mountForm>) {
  await wrapper.get('[data-test="topic-search"]').setValue('HS');
  await wrapper.get('[data-test="topic-option-HS.01"]').trigger('mousedown');
  await wrapper.get('[data-test="form-description"]').setValue('Немає води третій день');
  await flushPromises();
}

function bodyOf(fetchMock: ReturnType<typeof stubServer>, url: string): Record<string, unknown> {
  const call = fetchMock.mock.calls.find(([u]) => u === url);
  return JSON.parse(String(call?.[1]?.body));
}

describe('RequestForm', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when the form opens from a call, then the caller is prefilled and the counter shows the limit', () => {
    stubServer(() => ({ status: 200, body: {} }));
    const wrapper = mountForm();
    expect((wrapper.get('[data-test="form-full-name"]').element as HTMLInputElement).value).toBe('Ірина Коваль');
    expect((wrapper.get('[data-test="form-phone"]').element as HTMLInputElement).value).toBe('+380671234567');
    expect(wrapper.get('[data-test="description-counter"]').text()).toBe('0 / 4000');
  });

  it('when a topic is chosen, then the executor the rules suggest is shown', async () => {
    stubServer((url) => (url.startsWith('/api/routing/suggest') ? { status: 200, body: { executor: { id: 3, code: 'WATER', name: 'КП «Кривбасводоканал»' } } } : { status: 200, body: {} }));
    const wrapper = mountForm();
    await fillValid(wrapper);
    expect(wrapper.get('[data-test="suggested-executor"]').text()).toContain('КП «Кривбасводоканал»');
  });

  it('when the server rejects fields (400), then each message shows next to its field', async () => {
    const fetchMock = stubServer((url) => {
      if (url === '/api/requests/check') return { status: 200, body: { flags: [] } };
      if (url === '/api/requests') return { status: 400, body: { error: { code: 'validation', message: 'Bad', fields: { description: 'Too long', topicCode: 'Unknown topic' } } } };
      return { status: 200, body: { executor: null } };
    });
    const wrapper = mountForm();
    await fillValid(wrapper);
    await wrapper.get('[data-test="request-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-test="error-description"]').text()).toBe('Too long');
    expect(wrapper.get('[data-test="error-topicCode"]').text()).toBe('Unknown topic');
    const sent = bodyOf(fetchMock, '/api/requests');
    expect(sent).toMatchObject({ callId: 'call-1', topicCode: 'HS.01', source: 'call', needsStudy: true });
    expect(sent.citizen).toEqual({ fullName: 'Ірина Коваль', phone: '+380671234567', address: 'вул. Соборності, 10' });
    expect(sent.citizenId).toBeUndefined();
    expect(wrapper.emitted('saved')).toBeUndefined();
  });

  it('when required fields are empty, then it says so without calling the server', async () => {
    const fetchMock = stubServer(() => ({ status: 200, body: {} }));
    const wrapper = mountForm();
    await wrapper.get('[data-test="request-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-test="error-topicCode"]').text()).toBe('Обов’язкове поле');
    expect(wrapper.get('[data-test="error-description"]').text()).toBe('Обов’язкове поле');
    expect(fetchMock.mock.calls.some(([u]) => String(u).startsWith('/api/requests'))).toBe(false);
  });

  it('when the check finds a repeated request, then it is shown before saving with "attach to that one instead"', async () => {
    const fetchMock = stubServer((url) =>
      url === '/api/requests/check'
        ? { status: 200, body: { flags: [{ flag: 'multiple', requestId: 55, number: '2026-000055' }] } }
        : { status: 200, body: { executor: null } },
    );
    const wrapper = mountForm();
    await fillValid(wrapper);
    await wrapper.get('[data-test="request-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-test="intake-flag-multiple"]').text()).toContain('2026-000055');
    expect(fetchMock.mock.calls.some(([u]) => u === '/api/requests')).toBe(false);
    await wrapper.get('[data-test="attach-instead-55"]').trigger('click');
    expect(wrapper.emitted('attachInstead')).toEqual([[{ flag: 'multiple', requestId: 55, number: '2026-000055' }]]);
  });

  it('when there are no flags, then it saves and emits the created request', async () => {
    stubServer((url) => {
      if (url === '/api/requests/check') return { status: 200, body: { flags: [] } };
      if (url === '/api/requests') return { status: 201, body: { id: 9, number: '2026-000009' } };
      return { status: 200, body: { executor: null } };
    });
    const wrapper = mountForm();
    await fillValid(wrapper);
    await wrapper.get('[data-test="form-no-study"]').setValue(true);
    await wrapper.get('[data-test="request-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 9, number: '2026-000009' });
  });
});
