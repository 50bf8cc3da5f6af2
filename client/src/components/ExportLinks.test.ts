// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import type { Role } from '../api/types';
import { createAppI18n } from '../i18n';
import { useSessionStore } from '../stores/session';
import ExportLinks from './ExportLinks.vue';

function linksFor(role: Role, list: 'requests' | 'calls' | 'audit') {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = { id: 1, username: 'u', fullName: 'U', role, interface: null, phone: null } as never;
  const wrapper = mount(ExportLinks, { props: { list, query: { status: 'done', page: 3 } }, global: { plugins: [pinia, createAppI18n('uk')] } });
  return wrapper.findAll('a').map((a) => a.attributes('href'));
}

describe('ExportLinks', () => {
  it('when an agent opens a list, then it offers no export (agents read their lists a page at a time)', () => {
    expect(linksFor('agent', 'requests')).toEqual([]);
    expect(linksFor('agent', 'calls')).toEqual([]);
  });

  it('when a supervisor or an executor opens the requests, then both files are offered with the filter and without the page', () => {
    expect(linksFor('supervisor', 'requests')).toEqual(['/api/exports/requests.csv?status=done', '/api/exports/requests.xlsx?status=done']);
    expect(linksFor('executor', 'requests')).toHaveLength(2);
    expect(linksFor('executor', 'calls')).toEqual([]);
    expect(linksFor('supervisor', 'audit')).toEqual([]);
    expect(linksFor('admin', 'audit')).toHaveLength(2);
  });
});
