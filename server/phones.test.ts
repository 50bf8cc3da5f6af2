import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phones';

// The answers are remembered (the live path asks for the same callers all day): remembering must never change one.
const spellings: [string | null | undefined, string | null][] = [
  ['0671234567', '+380671234567'],
  ['380671234567', '+380671234567'],
  ['+38 (067) 123-45-67', '+380671234567'],
  [' 0671234567 ', '+380671234567'],
  ['00380671234567', '+380671234567'],
  ['+48 22 123 45 67', '+48221234567'],
  ['<unknown>', null],
  ['anonymous', null],
  ['', null],
  [null, null],
  [undefined, null],
  ['1001', null],
];

describe('phone numbers as E.164', () => {
  it('when the same spellings are asked again, and again after the remembered answers were flushed, then each answer is the first one', () => {
    const first = spellings.map(([raw]) => normalisePhone(raw));
    expect(first).toEqual(spellings.map(([, e164]) => e164));
    expect(spellings.map(([raw]) => normalisePhone(raw))).toEqual(first);
    // More distinct spellings than are remembered: the memory is emptied on the way, the answers stay right.
    for (let i = 0; i < 25_000; i++) expect(normalisePhone(`067${String(1_000_000 + i)}`)).toBe(`+38067${String(1_000_000 + i)}`);
    expect(spellings.map(([raw]) => normalisePhone(raw))).toEqual(first);
  });

  it('when a text is far too long to be a number, then it is still answered (and not kept)', () => {
    const long = `0671234567${' '.repeat(100_000)}`;
    expect(normalisePhone(long)).toBe('+380671234567');
    expect(normalisePhone(long)).toBe('+380671234567');
  });
});
