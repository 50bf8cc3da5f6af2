import { describe, expect, it } from 'vitest';
import { readConfig, readTelephonySettings } from './config';

describe('configuration', () => {
  it('when QUEUE_LOGIN is unset, then the demo (no AMI_HOST) leaves the queues to its simulated agents and a real PBX pauses agents without a console', () => {
    expect(readTelephonySettings({}).queueLogin).toBe('off');
    expect(readTelephonySettings({ AMI_HOST: 'pbx.city' }).queueLogin).toBe('pause');
    expect(readTelephonySettings({ QUEUE_LOGIN: 'pause' }).queueLogin).toBe('pause');
  });

  it('when TRUST_PROXY is unset, then no proxy is trusted; a hop count, a list or true are passed on', () => {
    expect(readConfig({}).trustProxy).toBeUndefined();
    expect(readConfig({ TRUST_PROXY: 'false' }).trustProxy).toBeUndefined();
    expect(readConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('when PUBLIC_ORIGIN is unset, then the origin follows HOST and PORT (with localhost for loopback); a list is normalised', () => {
    expect(readConfig({ PORT: '8080' }).publicOrigins).toEqual(['http://127.0.0.1:8080', 'http://localhost:8080']);
    expect(readConfig({ HOST: 'contact.example', PORT: '80' }).publicOrigins).toEqual(['http://contact.example']);
    expect(readConfig({ HOST: '0.0.0.0' }).publicOrigins).toBeNull();
    expect(readConfig({ PUBLIC_ORIGIN: 'https://contact.example/, https://Backup.example:8443' }).publicOrigins)
      .toEqual(['https://contact.example', 'https://backup.example:8443']);
  });

  it('when PUBLIC_ORIGIN is not an origin, then the server refuses to start', () => {
    expect(() => readConfig({ PUBLIC_ORIGIN: 'contact.example' })).toThrow(/PUBLIC_ORIGIN/);
  });

  it('when METRICS_TOKEN is set, then it is kept; unset, metrics are off', () => {
    expect(readConfig({ METRICS_TOKEN: ' s3cret ' }).metricsToken).toBe('s3cret');
    expect(readConfig({}).metricsToken).toBeNull();
  });

  it('when the download settings are unset or not positive, then 30 s and 3 exports; given, they are read', () => {
    expect(readConfig({})).toMatchObject({ downloadStallMs: 30_000, exportConnections: 3 });
    expect(readConfig({ DOWNLOAD_STALL_TIMEOUT_MS: '0', EXPORT_CONNECTIONS: 'many' })).toMatchObject({ downloadStallMs: 30_000, exportConnections: 3 });
    expect(readConfig({ DOWNLOAD_STALL_TIMEOUT_MS: ' 500 ', EXPORT_CONNECTIONS: '2' })).toMatchObject({ downloadStallMs: 500, exportConnections: 2 });
  });

  it('when the digest settings are unset, then Monday 08:00 Kyiv, MAIL_FROM as sender and no ranking recipients; given, they are read', () => {
    expect(readConfig({ MAIL_FROM: 'cc@city.test' }).digest).toEqual({ from: 'cc@city.test', rankingTo: [], cron: '0 8 * * 1' });
    expect(readConfig({ DIGEST_FROM: 'digest@city.test', DIGEST_RANKING_TO: ' a@city.test, b@city.test ,', DIGEST_CRON: '0 9 * * 5' }).digest)
      .toEqual({ from: 'digest@city.test', rankingTo: ['a@city.test', 'b@city.test'], cron: '0 9 * * 5' });
  });
});

describe('DIAL_ALLOWED_PREFIXES', () => {
  it('when unset, then only Ukrainian numbers; when set, the prefixes given; when malformed, the server refuses to start', () => {
    expect(readTelephonySettings({}).dialAllowedPrefixes).toEqual(['+380']);
    expect(readTelephonySettings({ DIAL_ALLOWED_PREFIXES: ' +380, +48 , +4420-7 ' }).dialAllowedPrefixes).toEqual(['+380', '+48', '+44207']);
    expect(readTelephonySettings({ DIAL_ALLOWED_PREFIXES: '+' }).dialAllowedPrefixes).toEqual(['+']);
    expect(() => readTelephonySettings({ DIAL_ALLOWED_PREFIXES: '380' })).toThrow(/not an E.164 prefix/);
    expect(() => readTelephonySettings({ DIAL_ALLOWED_PREFIXES: '+380;DROP' })).toThrow(/not an E.164 prefix/);
  });
});
