import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChannelSeal, maxPlainBytes } from './channel-seal';

const CHANNEL = 'socket.io#/';

describe('the cluster channel seal', () => {
  it('when a node seals any text, then another node with the same secret opens exactly that text, once', () => {
    let clock = 1_767_225_600_000;
    const a = createChannelSeal({ secret: 'shared', now: () => clock });
    const b = createChannelSeal({ secret: 'shared', now: () => clock });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      clock += 7;
      const sealed = a.seal(text, CHANNEL);
      expect(sealed.startsWith('hc1.')).toBe(true);
      expect(b.open(sealed, CHANNEL)).toEqual({ ok: true, value: text });
      expect(b.open(sealed, CHANNEL)).toEqual({ ok: false, reason: 'replayed' });
    }));
  });

  it('when the text is plain, sealed with another secret, altered, or meant for another channel, then it is refused', () => {
    const a = createChannelSeal({ secret: 'shared' });
    const b = createChannelSeal({ secret: 'shared' });
    const sealed = a.seal('{"kind":"call"}', CHANNEL);
    expect(b.open('{"kind":"call"}', CHANNEL)).toEqual({ ok: false, reason: 'unsigned' });
    expect(b.open('hc1.', CHANNEL)).toEqual({ ok: false, reason: 'unsigned' });
    expect(b.open(createChannelSeal({ secret: 'other' }).seal('{"kind":"call"}', CHANNEL), CHANNEL)).toEqual({ ok: false, reason: 'forged' });
    const bytes = Buffer.from(sealed.slice(4), 'base64url');
    for (const at of [1, 9, 21, 40, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[at]! ^= 1;
      expect(b.open(`hc1.${altered.toString('base64url')}`, CHANNEL)).toEqual({ ok: false, reason: 'forged' });
    }
    expect(b.open(sealed, 'socket.io#/other')).toEqual({ ok: false, reason: 'forged' });
    expect(b.open(sealed, CHANNEL)).toMatchObject({ ok: true });
  });

  it('when a sealed message is older or newer than the window, then it is stale; within it, it opens', () => {
    let clock = 1_767_225_600_000;
    const a = createChannelSeal({ secret: 'shared', now: () => clock });
    const b = createChannelSeal({ secret: 'shared', now: () => clock, windowMs: 30_000 });
    const old = a.seal('x', CHANNEL);
    const recent = a.seal('y', CHANNEL);
    clock += 30_001;
    expect(b.open(old, CHANNEL)).toEqual({ ok: false, reason: 'stale' });
    clock -= 2;
    expect(b.open(recent, CHANNEL)).toEqual({ ok: true, value: 'y' });
    const ahead = a.seal('z', CHANNEL);
    clock -= 40_000;
    expect(b.open(ahead, CHANNEL)).toEqual({ ok: false, reason: 'stale' });
  });

  it('when the largest plain text the adapter sends in a NOTIFY is sealed, then it still fits PostgreSQL\'s 8,000 bytes', () => {
    const sealed = createChannelSeal({ secret: 'shared' }).seal('é'.repeat(maxPlainBytes / 2), CHANNEL);
    expect(Buffer.byteLength(sealed)).toBeLessThan(8000);
  });
});
