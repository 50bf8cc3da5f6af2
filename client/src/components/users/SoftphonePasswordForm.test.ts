// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminUser } from '../../api/users';
import { createAppI18n } from '../../i18n';
import SoftphonePasswordForm from './SoftphonePasswordForm.vue';

const USER: AdminUser = {
  id: 7, username: 'oksana', fullName: 'Оксана', role: 'agent', interface: 'PJSIP/1101', phone: null, executorId: null, executor: null,
  active: true, softphone: false, lock: null, createdAt: '2026-12-01T10:00:00Z',
};

describe('the admin’s softphone password form', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when the admin types a password, then it is sent once to the user’s sip-password and the form closes', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ userId: 7, softphone: true, generated: null }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const form = mount(SoftphonePasswordForm, { props: { user: USER }, global: { plugins: [createAppI18n('uk')] } });
    await form.get('[data-test="sip-password"]').setValue('Secret-1101!');
    await form.get('form').trigger('submit');
    await flushPromises();
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/users/7/sip-password');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(String(init.body))).toEqual({ password: 'Secret-1101!' });
    expect(form.emitted('done')).toHaveLength(1);
  });

  it('when the server generates it, then it is shown once; a refused password shows the reason under the field', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ userId: 7, softphone: true, generated: 'gen-XYZ-123456789012' }), { status: 200 })));
    const form = mount(SoftphonePasswordForm, { props: { user: USER }, global: { plugins: [createAppI18n('uk')] } });
    await form.get('[data-test="sip-generate"]').trigger('click');
    await flushPromises();
    expect(form.get('[data-test="sip-generated-value"]').text()).toBe('gen-XYZ-123456789012');

    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: { code: 'invalid_input', message: 'bad', fields: { password: 'letters, digits and punctuation, no spaces' } } }), { status: 400 })));
    const again = mount(SoftphonePasswordForm, { props: { user: USER }, global: { plugins: [createAppI18n('uk')] } });
    await again.get('[data-test="sip-password"]').setValue('has a space');
    await again.get('form').trigger('submit');
    await flushPromises();
    expect(again.find('[data-test="sip-error"]').exists()).toBe(true);
    expect(again.get('.error-text').text()).toContain('no spaces');
    expect(again.emitted('done')).toBeUndefined();
  });
});
