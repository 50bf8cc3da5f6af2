import { describe, expect, it } from 'vitest';
import { weekOf } from './digests.service';

describe('the digest week', () => {
  it('when it is Sunday 23:30 in Kyiv, then the week is the one that started the Monday before; at 00:30 on Monday, the new one', () => {
    // Kyiv is UTC+2 in winter: Sunday 23:30 is 21:30 UTC, Monday 00:30 is 22:30 UTC on Sunday.
    expect(weekOf(new Date('2026-01-18T21:30:00Z'))).toBe('2026-01-12');
    expect(weekOf(new Date('2026-01-18T22:30:00Z'))).toBe('2026-01-19');
    expect(weekOf(new Date('2026-07-01T10:00:00Z'))).toBe('2026-06-29');
  });
});
