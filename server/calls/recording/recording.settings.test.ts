import { describe, expect, it } from 'vitest';
import { readRecordingSettings } from './recording.settings';

describe('recording settings', () => {
  it('when nothing is set, then a real PBX records nothing and the demo records into its data folder for two days', () => {
    expect(readRecordingSettings({}, '/srv/data', false)).toMatchObject({ mode: 'off', start: 'server', dir: '/var/spool/asterisk/monitor', retentionDays: 90, agentOwnHours: 0 });
    expect(readRecordingSettings({}, '/srv/data', true)).toMatchObject({ mode: 'all', dir: '/srv/data/recordings', retentionDays: 2 });
  });

  it('when a setting is misspelt or out of range, then the start stops naming it', () => {
    expect(() => readRecordingSettings({ RECORDINGS: 'yes' }, '/d', false)).toThrow(/RECORDINGS: yes/);
    expect(() => readRecordingSettings({ RECORDINGS_START: 'agi' }, '/d', false)).toThrow(/RECORDINGS_START/);
    expect(() => readRecordingSettings({ RECORDINGS_RETENTION_DAYS: '0' }, '/d', false)).toThrow(/RECORDINGS_RETENTION_DAYS/);
    expect(() => readRecordingSettings({ RECORDINGS_AGENT_OWN_HOURS: 'twelve' }, '/d', false)).toThrow(/RECORDINGS_AGENT_OWN_HOURS/);
    expect(readRecordingSettings({ RECORDINGS: 'queues', RECORDINGS_DIR: '/mnt/monitor', RECORDINGS_AGENT_OWN_HOURS: '12' }, '/d', false))
      .toMatchObject({ mode: 'queues', dir: '/mnt/monitor', agentOwnHours: 12 });
  });
});
