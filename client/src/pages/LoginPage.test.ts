// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../i18n';
import LoginPage from './LoginPage.vue';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

async function mountLogin(locale: 'uk' | 'en' = 'uk') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginPage },
      { path: '/calls', name: 'calls', component: { template: '<div data-test="calls-page" />' } },
    ],
  });
  await router.push('/login');
  const wrapper = mount(LoginPage, { global: { plugins: [pinia, router, createAppI18n(locale)] } });
  return { wrapper, router };
}

async function submit(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper']) {
  await wrapper.get('[data-test="login-username"]').setValue('agent1');
  await wrapper.get('[data-test="login-password"]').setValue('secret');
  await wrapper.get('[data-test="login-form"]').trigger('submit');
  await flushPromises();
}

describe('LoginPage', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('when the password is wrong (401), then it says so in Ukrainian and clears the password', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(401, { error: { code: 'invalid_credentials', message: 'Invalid' } })));
    const { wrapper } = await mountLogin('uk');
    await submit(wrapper);
    expect(wrapper.get('[data-test="login-error"]').text()).toBe('Неправильне ім’я користувача або пароль.');
    expect((wrapper.get('[data-test="login-password"]').element as HTMLInputElement).value).toBe('');
  });

  it('when the server rate-limits (429), then it asks to wait, in English when English is chosen', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(429, { error: { code: 'rate_limited', message: 'Too many' } })));
    const { wrapper } = await mountLogin('en');
    await submit(wrapper);
    expect(wrapper.get('[data-test="login-error"]').text()).toContain('Too many sign-in attempts');
  });

  it('when the server cannot be reached, then it says the server is unavailable', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const { wrapper } = await mountLogin('uk');
    await submit(wrapper);
    expect(wrapper.get('[data-test="login-error"]').text()).toContain('Сервер недоступний');
  });

  it('when the fields are empty, then it asks for them without calling the server', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const { wrapper } = await mountLogin('uk');
    await wrapper.get('[data-test="login-form"]').trigger('submit');
    await flushPromises();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(wrapper.get('[data-test="login-error"]').text()).toContain('Введіть');
  });

  it('when the credentials are right, then it posts them and opens the role home page', async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse(200, { user: { id: 1, username: 'agent1', fullName: 'A', role: 'agent', interface: 'PJSIP/1001', phone: null } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { wrapper, router } = await mountLogin('uk');
    await submit(wrapper);
    expect(fetchMock).toHaveBeenCalledWith('/api/auth/login', expect.objectContaining({ method: 'POST', body: JSON.stringify({ username: 'agent1', password: 'secret' }) }));
    expect(router.currentRoute.value.name).toBe('calls');
    expect(wrapper.find('[data-test="login-error"]').exists()).toBe(false);
  });
});
