// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import type { Role } from '../api/types';
import { createAppI18n } from '../i18n';
import { installGuards } from './index';
import { routes } from './routes';

function signedInAs(role: Role | null) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url === '/api/auth/session') {
        // not signed in is a 200 with no user: a fresh load logs no 401
        return new Response(JSON.stringify({ user: role ? { id: 1, username: role, fullName: role, role, interface: null, phone: null } : null }), { status: 200 });
      }
      const listed = ['/api/requests', '/api/abandoned', '/api/notices', '/api/outages'].some((path) => url.includes(path));
      return new Response(JSON.stringify(listed ? { items: [], total: 0 } : []), { status: 200 });
    }),
  );
}

async function open(path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = installGuards(createRouter({ history: createMemoryHistory(), routes }));
  const wrapper = mount(RouterView, { global: { plugins: [pinia, router, createAppI18n('en')] } });
  await router.push(path);
  await flushPromises();
  return { router, wrapper };
}

describe('route guards and the role layout', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when nobody is signed in, then any page leads to the login page and remembers where to go back', async () => {
    signedInAs(null);
    const { router } = await open('/requests');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.next).toBe('/requests');
  });

  it('when an agent opens the root, then they land on their calls page and the menu shows their five pages', async () => {
    signedInAs('agent');
    const { router, wrapper } = await open('/');
    expect(router.currentRoute.value.name).toBe('calls');
    const nav = wrapper.findAll('nav a').map((a) => a.attributes('data-test'));
    expect(nav).toEqual(['nav-calls', 'nav-requests', 'nav-citizens', 'nav-callbacks', 'nav-notices']);
  });

  it('when an executor opens an agent page, then they are told it is forbidden and see only their portal and their outages', async () => {
    signedInAs('executor');
    const { router, wrapper } = await open('/calls');
    expect(router.currentRoute.value.name).toBe('forbidden');
    expect(wrapper.findAll('nav a').map((a) => a.attributes('data-test'))).toEqual(['nav-outages', 'nav-portal']);
  });

  it('when an admin signs in, then the menu shows users, routing rules, the audit log, backups and overdue', async () => {
    signedInAs('admin');
    const { wrapper } = await open('/');
    const nav = wrapper.findAll('nav a').map((a) => a.attributes('data-test'));
    expect(nav).toEqual(expect.arrayContaining(['nav-admin-users', 'nav-admin-routing', 'nav-admin-audit', 'nav-admin-backups']));
    expect(nav).not.toContain('nav-calls');
  });

  it('when an admin opens /live or /wallboard (the README gives both to supervisors and admins), then the page opens', async () => {
    for (const role of ['supervisor', 'admin'] as const) {
      for (const path of ['/live', '/wallboard']) {
        signedInAs(role);
        const { router } = await open(path);
        expect(`${role} ${path} → ${String(router.currentRoute.value.name)}`).not.toMatch(/forbidden|login/);
        vi.unstubAllGlobals();
      }
    }
  });
});
