import { describe, expect, it } from 'vitest';
import { formatRequestNumber, normaliseRequestNumber } from './request-number';

describe('request numbers', () => {
  it('pads to six digits and never cuts a seventh', () => {
    expect(formatRequestNumber(2026, 42)).toBe('2026-000042');
    expect(formatRequestNumber(2026, 999_999)).toBe('2026-999999');
    expect(formatRequestNumber(2026, 1_000_000)).toBe('2026-1000000');
  });

  it('reads what a person types: leading zeros optional, nothing else taken for a number', () => {
    expect(normaliseRequestNumber(' 2026-42 ')).toBe('2026-000042');
    expect(normaliseRequestNumber('2026-1000001')).toBe('2026-1000001');
    expect(normaliseRequestNumber('2026-0')).toBeNull();
    expect(normaliseRequestNumber('2026-12345678')).toBeNull();
    expect(normaliseRequestNumber('067-1234567')).toBeNull();
  });
});
