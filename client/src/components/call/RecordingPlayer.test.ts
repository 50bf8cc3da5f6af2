// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../../i18n';
import RecordingPlayer from './RecordingPlayer.vue';
import RecordingControl from './RecordingControl.vue';

describe('RecordingPlayer and RecordingControl', () => {
  it('when a supervisor opens a recording, then the browser player streams it from the API, and only an admin gets the download', async () => {
    const supervisor = mount(RecordingPlayer, { props: { callId: '1733.5', durationSeconds: 42, canDownload: false }, global: { plugins: [createAppI18n('uk')] } });
    expect(supervisor.find('audio').exists()).toBe(false);
    await supervisor.get('[data-test="recording-play"]').trigger('click');
    expect(supervisor.get('audio').attributes()).toMatchObject({ src: '/api/calls/1733.5/recording', controls: '' });
    expect(supervisor.find('[data-test="recording-download"]').exists()).toBe(false);
    const admin = mount(RecordingPlayer, { props: { callId: '1733.5', durationSeconds: 42, canDownload: true }, global: { plugins: [createAppI18n('uk')] } });
    expect(admin.get('[data-test="recording-download"]').attributes('href')).toBe('/api/calls/1733.5/recording?download=1');
  });

  it('when the recording is paused, then the agent sees it and the button resumes it', async () => {
    const control = mount(RecordingControl, { props: { paused: true }, global: { plugins: [createAppI18n('uk')] } });
    expect(control.get('[data-test="recording-state"]').text()).toBe('Запис призупинено');
    expect(control.get('[data-test="recording-toggle"]').text()).toBe('Відновити запис');
    await control.get('[data-test="recording-toggle"]').trigger('click');
    expect(control.emitted('toggle')).toHaveLength(1);
  });
});
