import { describe, expect, it } from 'vitest';
import { deviceOf, isLocalChannel } from './channel-names';

describe('channel names', () => {
  it('when a channel has the per-call suffix, then the device is the name without it', () => {
    expect(deviceOf('PJSIP/1001-0000002a')).toBe('PJSIP/1001');
    expect(deviceOf('SIP/1001-000000ff')).toBe('SIP/1001');
    expect(deviceOf('PJSIP/trunk-00000010')).toBe('PJSIP/trunk');
  });

  it('when a member is a FreePBX Local interface or channel, then the device is the phone behind it', () => {
    expect(deviceOf('Local/1001@from-queue/n')).toBe('PJSIP/1001');
    expect(deviceOf('Local/1001@from-queue-0000001b;1')).toBe('PJSIP/1001');
    expect(deviceOf('Local/1001@from-queue/n', 'SIP')).toBe('SIP/1001');
    expect(isLocalChannel('local/1001@x')).toBe(true);
  });

  it('when an interface has no suffix, then it is kept as is', () => {
    expect(deviceOf('PJSIP/1001')).toBe('PJSIP/1001');
    expect(deviceOf('')).toBe('');
  });
});
