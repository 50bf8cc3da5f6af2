import { describe, expect, it } from 'vitest';
import { createSipSecret } from './sip-secret';
import { parseIceServers, readSoftphoneSettings, softphoneOrigin } from './softphone.settings';

describe('the softphone settings (SIP_*)', () => {
  it('when SIP_WS_URL is set, then the domain defaults to its host and the CSP origin is the WebSocket\'s', () => {
    const s = readSoftphoneSettings({ SIP_WS_URL: 'wss://pbx.city:8089/ws' });
    expect(s).toMatchObject({ wsUrl: 'wss://pbx.city:8089/ws', domain: 'pbx.city', iceServers: [], passwordKey: null });
    expect(softphoneOrigin(s)).toBe('wss://pbx.city:8089');
    expect(readSoftphoneSettings({ SIP_WS_URL: 'wss://pbx.city/ws', SIP_DOMAIN: 'city.example' }).domain).toBe('city.example');
    expect(readSoftphoneSettings({})).toMatchObject({ wsUrl: null, domain: null });
  });

  it('when SIP_WS_URL is not a WebSocket URL or SIP_ICE_SERVERS is malformed, then the server refuses to start with why', () => {
    expect(() => readSoftphoneSettings({ SIP_WS_URL: 'https://pbx.city/ws' })).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => parseIceServers('[{"username":"x"}]')).toThrow(/urls/);
    expect(() => parseIceServers('[not json')).toThrow();
  });

  it('when SIP_ICE_SERVERS is a list of URLs or JSON with TURN credentials, then the browser gets RTCIceServer objects', () => {
    expect(parseIceServers('stun:stun.city:3478, stun:stun2.city:3478')).toEqual([{ urls: 'stun:stun.city:3478' }, { urls: 'stun:stun2.city:3478' }]);
    expect(parseIceServers('[{"urls":["turn:turn.city:3478"],"username":"u","credential":"p"}]')).toEqual([{ urls: ['turn:turn.city:3478'], username: 'u', credential: 'p' }]);
  });

  it('when a password is sealed, then only the same key opens it, and a damaged text opens to null', () => {
    const sealed = createSipSecret('key-a').seal('Secret-1101!');
    expect(sealed).not.toContain('Secret');
    expect(createSipSecret('key-a').open(sealed)).toBe('Secret-1101!');
    expect(createSipSecret('key-b').open(sealed)).toBeNull();
    expect(createSipSecret('key-a').open(sealed.slice(0, -2))).toBeNull();
    expect(createSipSecret('key-a').open('plain')).toBeNull();
    expect(createSipSecret('key-a').seal('x')).not.toBe(createSipSecret('key-a').seal('x'));
  });
});
