import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTranslator } from './translator';
import { eventName, fieldKey, fieldValue, frameLines, parsedLike, translatedEventNames } from '../../test/fixtures/ami/arbitrary';

const translate = createTranslator({ now: () => new Date('2026-11-28T10:00:00.000Z') });

/** What a translated event may carry: dates a Date holds and PostgreSQL takes, 32-bit numbers, no NUL. */
function sane(value: unknown, key = ''): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 31;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return false;
    if (key !== 'at') return true;
    const year = new Date(value).getUTCFullYear();
    return year >= 2000 && year < 2100;
  }
  if (value && typeof value === 'object') return Object.entries(value).every(([k, v]) => sane(v, k));
  return true;
}

const knownFrame = fc.tuple(fc.constantFrom(...translatedEventNames), fc.array(fc.tuple(fieldKey, fieldValue), { maxLength: 16 }))
  .map(([name, rest]) => [['Event', name] as [string, string], ...rest]);

describe('translator under hostile frames', () => {
  it('when any field of any frame is absurd, then translating never throws and what comes out is sane', () => {
    fc.assert(
      fc.property(fc.oneof(knownFrame, frameLines), (lines) => {
        const events = translate(parsedLike(lines));
        expect(events.every((e) => sane(e))).toBe(true);
      }),
      {
        numRuns: 3000,
        examples: [
          [[['Event', 'Newchannel'], ['Timestamp', '99999999999999'], ['Channel', 'PJSIP/trunk-00000001']]],
          [[['Event', 'QueueCallerAbandon'], ['Position', '99999999999999999999'], ['HoldTime', '-99999999999'], ['OriginalPosition', '1e400']]],
          [[['Event', 'AgentConnect'], ['CallerIDName', 'a\u0000b'], ['HoldTime', '2147483648']]],
          [[['Event', 'FullyBooted'], ['Uptime', '-1'], ['Timestamp', '-5']]],
        ],
      },
    );
  });

  it('when the event name is odd in case or repeated, then translating never throws', () => {
    fc.assert(
      fc.property(fc.array(eventName, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fieldKey, fieldValue), { maxLength: 8 }), (names, rest) => {
        const lines = [...names.map((n) => ['Event', n.toUpperCase()] as [string, string]), ...rest];
        expect(() => translate(parsedLike(lines))).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
