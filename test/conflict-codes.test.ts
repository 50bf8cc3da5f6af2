import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../client/src/api/http';
import en from '../client/src/i18n/en';
import uk from '../client/src/i18n/uk';
import { CONFLICT_CODES } from '../client/src/utils/conflict-codes';
import { apiErrorKey } from '../client/src/utils/errors';

const serverDir = path.resolve(import.meta.dirname, '../server');
const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []);

describe('the words of a refusal (409)', () => {
  const thrown = new Set(sources(serverDir).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/conflict\('([a-z_]+)'|AppError\(409, '([a-z_]+)'/g)].map((m) => m[1] ?? m[2])));

  it('when the server can answer 409 with a code, then the console knows it and words it in both languages', () => {
    expect(thrown.size).toBeGreaterThan(20);
    expect([...thrown].filter((c) => !(CONFLICT_CODES as readonly string[]).includes(c))).toEqual([]);
    for (const [lang, messages] of [['uk', uk], ['en', en]] as const) {
      const codes = (messages.errors as { codes: Record<string, string> }).codes;
      expect(CONFLICT_CODES.filter((c) => !codes[c]), lang).toEqual([]);
    }
  });

  it('when a supervisor without a phone asks to call back, then the message says there is no phone, not that the request changed', () => {
    const key = apiErrorKey(new ApiError(409, 'no_interface', 'You have no phone (interface) to call from.', {}));
    expect(key).toBe('errors.codes.no_interface');
    expect(uk.errors.codes.no_interface).toMatch(/телефон/i);
    expect(apiErrorKey(new ApiError(409, 'something_new', 'x', {}))).toBe('errors.conflict');
  });
});
