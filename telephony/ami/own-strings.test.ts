import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { callerIdField, field, type AmiMessage } from './message';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap grown while 200 values cut from 200 chunks of 64 KB are kept, as asterisk-manager cuts them. */
function heapGrownKeeping(read: (m: AmiMessage) => string[]): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[][] = [];
  for (let i = 0; i < 200; i++) {
    // A fresh flat string per chunk, as each socket read is; every value a slice of it.
    const chunk = `Linkedid: 1733567890.${i}\r\nChannel: PJSIP/1001-0000${i}\r\n`.padEnd(64 * 1024, 'x') + String(i);
    kept.push(read({ linkedid: chunk.slice(10, 26), channel: [chunk.slice(37, 57)], calleridnum: chunk.slice(60, 80) }));
  }
  gc();
  expect(kept).toHaveLength(200);
  return process.memoryUsage().heapUsed - before;
}

describe('values read from a frame', () => {
  it('when values cut from 200 chunks of 64 KB are kept, then the chunks are not (the soak\'s leak)', () => {
    const raw = heapGrownKeeping((m) => [m.linkedid as string, (m.channel as string[])[0], m.calleridnum as string]);
    const read = heapGrownKeeping((m) => [field(m, 'linkedid'), field(m, 'channel'), callerIdField(m, 'calleridnum')]);
    // Kept as the package hands them, the 13 MB of chunks stay; read through field(), only the values (~20 KB).
    expect(raw).toBeGreaterThan(10_000_000);
    expect(read).toBeLessThan(2_000_000);
  });

  it('when a value is read, then it reads the same as on the wire, NULs aside', () => {
    const wire = 'Linkedid: 1733567890.12345\r\n';
    expect(field({ linkedid: wire.slice(10, 26) }, 'linkedid')).toBe('1733567890.12345');
    expect(field({ channel: ['PJSIP/1001-00000001', 'second'] }, 'channel')).toBe('PJSIP/1001-00000001');
    expect(field({ queue: 'hot\u0000line-with-a-long-name' }, 'queue')).toBe('hotline-with-a-long-name');
    expect(field({}, 'absent')).toBe('');
  });
});
