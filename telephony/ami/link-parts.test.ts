import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay } from './backoff';
import { FrameGuard } from './frame-guard';
import { PendingActions } from './pending-actions';
import { AmiActionError, AmiLinkError } from './errors';
import { quietly } from './quiet';

describe('backoff', () => {
  it('when attempts repeat, then the delay doubles from 1 s and stops at 30 s', () => {
    const noJitter = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, 1000, 30_000, noJitter))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('when jitter is at its extremes, then the delay stays within 10 % and under the cap', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(900);
    expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1100);
    expect(backoffDelay(9, 1000, 30_000, () => 1)).toBe(30_000);
  });
});

describe('frame guard', () => {
  it('when normal messages pass in chunks, then they are accepted', () => {
    const guard = new FrameGuard(1024, 4096);
    expect(guard.feed('Event: Newchannel\r\nChannel: PJSIP/1')).toBe(true);
    expect(guard.feed('001-00000001\r\n\r\nEvent: Hangup\r\n\r\n')).toBe(true);
  });

  it('when one line grows past the limit across chunks, then it is refused', () => {
    const guard = new FrameGuard(1024, 1 << 20);
    expect(guard.feed('Data: ' + 'x'.repeat(800))).toBe(true);
    expect(guard.feed('x'.repeat(800))).toBe(false);
  });

  it('when the blank line ending a message is split across chunks, then the next message starts afresh', () => {
    const guard = new FrameGuard(1024, 40);
    expect(guard.feed('Event: A\r\nKey: 1234567890123\r\n')).toBe(true);
    expect(guard.feed('\r\nEvent: B\r\nKey: 12345678901\r\n')).toBe(true);
    expect(guard.feed('\r\n')).toBe(true);
  });

  it('when a message never ends, then it is refused even with short lines', () => {
    const guard = new FrameGuard(1024, 4096);
    let accepted = true;
    for (let i = 0; i < 1000 && accepted; i++) accepted = guard.feed('Key: value\r\n');
    expect(accepted).toBe(false);
  });
});

describe('pending actions', () => {
  it('when a list arrives, then its items are collected up to the Complete event', async () => {
    const pending = new PendingActions();
    const result = pending.add('a1', 'QueueStatus', { kind: 'list' }, 1000);
    pending.onResponse({ response: 'Success', actionid: 'a1', eventlist: 'start' }, 7);
    expect(pending.onEvent({ event: 'QueueMember', actionid: 'a1' })).toBe(true);
    expect(pending.onEvent({ event: 'QueueStatusComplete', actionid: 'a1', eventlist: 'Complete', listitems: '1' })).toBe(true);
    await expect(result).resolves.toEqual({ items: [{ event: 'QueueMember', actionid: 'a1' }], responseSeq: 7 });
  });

  it('when Asterisk answers Error, then the action rejects with its message', async () => {
    const pending = new PendingActions();
    const result = pending.add('a2', 'QueuePause', { kind: 'response' }, 1000);
    pending.onResponse({ response: 'Error', actionid: 'a2', message: 'Interface not found' }, 1);
    await expect(result).rejects.toThrow(new AmiActionError('QueuePause', 'Interface not found'));
  });

  it('when no answer comes in time, then the action rejects as a link error', async () => {
    const pending = new PendingActions();
    await expect(pending.add('a3', 'Ping', { kind: 'response' }, 5)).rejects.toThrow(AmiLinkError);
  });

  it('when the link closes, then everything pending rejects', async () => {
    const pending = new PendingActions();
    const a = pending.add('a4', 'Ping', { kind: 'response' }, 1000);
    const b = pending.add('a5', 'Originate', { kind: 'event', eventName: 'OriginateResponse' }, 1000);
    pending.failAll(new AmiLinkError('closed'));
    await expect(a).rejects.toThrow('closed');
    await expect(b).rejects.toThrow('closed');
    expect(pending.size).toBe(0);
  });

  it('when Originate is queued, then it resolves only with its OriginateResponse, which still counts as an event', async () => {
    const pending = new PendingActions();
    const result = pending.add('a6', 'Originate', { kind: 'event', eventName: 'OriginateResponse' }, 1000);
    pending.onResponse({ response: 'Success', actionid: 'a6', message: 'Originate successfully queued' }, 1);
    expect(pending.onEvent({ event: 'OriginateResponse', actionid: 'a6', response: 'Success', reason: '4' })).toBe(false);
    await expect(result).resolves.toMatchObject({ event: { reason: '4' } });
  });
});

/* eslint-disable no-console -- the test stands in for the package writing to console.log */
describe('quietly', () => {
  it('when the package logs inside a call, then nothing reaches console.log, and console.log is restored', () => {
    const original = console.log;
    const seen: unknown[] = [];
    console.log = (...args: unknown[]) => seen.push(args);
    try {
      quietly(() => console.log('ERROR: ', 'write after end'));
      console.log('ours');
    } finally {
      console.log = original;
    }
    expect(seen).toEqual([['ours']]);
  });
});

describe('frame guard, against the whole stream', () => {
  /** What the guard must decide, from everything the peer has sent so far rather than chunk by chunk. */
  function accepts(stream: string, maxLine: number, maxMessage: number): boolean {
    const line = stream.length - (stream.lastIndexOf('\n') + 1);
    let blankLineEnd = 0;
    // Blank lines may overlap ("\n\n\n" holds two): every start is tried.
    for (let i = stream.indexOf('\n'); i !== -1; i = stream.indexOf('\n', i + 1)) {
      if (stream[i + 1] === '\n') blankLineEnd = i + 2;
      else if (stream[i + 1] === '\r' && stream[i + 2] === '\n') blankLineEnd = i + 3;
    }
    return line <= maxLine && stream.length - blankLineEnd <= maxMessage;
  }

  it('when any stream is cut into any chunks, then each chunk is accepted exactly when the stream so far is within the limits', () => {
    const piece = fc.constantFrom('\r\n', '\n', '\r', 'Event: Hangup', 'x', ': ', '\r\n\r\n', '\n\n');
    const chunk = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.array(chunk, { minLength: 1, maxLength: 20 }), fc.integer({ min: 5, max: 80 }), (chunks, limit) => {
      const guard = new FrameGuard(limit, limit * 2);
      let stream = '';
      for (const c of chunks) {
        stream += c;
        const ok = guard.feed(c);
        expect(ok).toBe(accepts(stream, limit, limit * 2));
        // A refused link is reset: nothing after it is parsed.
        if (!ok) return;
      }
    }), { numRuns: 3000 });
  });
});
