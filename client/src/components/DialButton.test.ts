// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../i18n';
import DialButton from './DialButton.vue';

describe('DialButton', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when the agent clicks call, then nothing is dialled until they confirm', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 202 }));
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mount(DialButton, { props: { number: '+380671234567' }, global: { plugins: [createAppI18n('uk')] } });
    await wrapper.get('[data-test="dial-button"]').trigger('click');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(wrapper.text()).toContain('Зателефонувати на +380671234567?');
    await wrapper.get('[data-test="dial-confirm"]').trigger('click');
    await flushPromises();
    expect(fetchMock).toHaveBeenCalledWith('/api/calls/originate', expect.objectContaining({ method: 'POST', body: JSON.stringify({ number: '+380671234567' }) }));
  });

  it('when the agent cancels, then nothing is dialled', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mount(DialButton, { props: { number: '+380671234567' }, global: { plugins: [createAppI18n('uk')] } });
    await wrapper.get('[data-test="dial-button"]').trigger('click');
    await wrapper.get('[data-test="dial-cancel"]').trigger('click');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(wrapper.find('[data-test="dial-button"]').exists()).toBe(true);
  });
});
