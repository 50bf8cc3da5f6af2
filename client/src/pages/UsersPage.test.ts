// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../i18n';
import UsersPage from './UsersPage.vue';

const olena = { id: 4, username: 'olena', fullName: 'Олена Коваль', role: 'agent', interface: 'PJSIP/1001', phone: null, executorId: null, executor: null, active: true, createdAt: '2026-11-01T00:00:00Z' };

describe('UsersPage', () => {
  let sent: { url: string; method: string; body: unknown }[];
  beforeEach(() => {
    sent = [];
    vi.stubGlobal('confirm', () => true);
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      sent.push({ url, method, body: init?.body ? JSON.parse(String(init.body)) : null });
      if (url.endsWith('/password')) return new Response(JSON.stringify({ user: olena, password: 'once-only-pass' }), { status: 200 });
      if (method === 'PATCH') return new Response(JSON.stringify({ error: { code: 'interface_taken', message: 'taken' } }), { status: 409 });
      if (url.startsWith('/api/users')) return new Response(JSON.stringify({ items: [olena], total: 1 }), { status: 200 });
      return new Response('[]', { status: 200 });
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  async function mountPage() {
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/admin/users', name: 'admin-users', component: UsersPage }] });
    await router.push('/admin/users');
    const wrapper = mount(UsersPage, { global: { plugins: [pinia, router, createAppI18n('en')] } });
    await flushPromises();
    return wrapper;
  }

  it('when the admin changes only the interface, then only that field is sent, and a taken interface is explained', async () => {
    const wrapper = await mountPage();
    await wrapper.get('[data-test="user-edit-olena"]').trigger('click');
    await wrapper.get('[data-test="user-interface"]').setValue('PJSIP/1002');
    await wrapper.get('[data-test="user-form"]').trigger('submit');
    await flushPromises();
    expect(sent.find((r) => r.method === 'PATCH')).toEqual({ url: '/api/users/4', method: 'PATCH', body: { interface: 'PJSIP/1002' } });
    expect(wrapper.get('[data-test="users-message"]').text()).toBe('Another user already has this queue phone.');
    expect(wrapper.find('[data-test="user-form"]').exists()).toBe(true);
  });

  it('when a password is reset, then it is shown once and gone after the admin notes it', async () => {
    const wrapper = await mountPage();
    await wrapper.get('[data-test="user-reset-olena"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="password-value"]').text()).toBe('once-only-pass');
    await wrapper.get('[data-test="password-once"] button').trigger('click');
    expect(wrapper.find('[data-test="password-once"]').exists()).toBe(false);
  });
});
