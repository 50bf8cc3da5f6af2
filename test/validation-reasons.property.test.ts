import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import en from '../client/src/i18n/en';
import uk from '../client/src/i18n/uk';
import { badRequest } from '../server/http/errors';
import { REASON_CODES, reasonOfIssue } from '../server/http/reasons';
import { hostileValue } from './integration/http-fuzz';

const SERVER = path.resolve(import.meta.dirname, '../server');

/** Every zod schema the server exports from a `*.schemas.ts` (and the shared http/schemas.ts): today's and tomorrow's. */
async function everySchema(): Promise<[string, z.ZodType][]> {
  const files = readdirSync(SERVER, { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)(\w[\w.-]*\.)?schemas\.ts$/.test(f));
  const found: [string, z.ZodType][] = [];
  for (const file of files) {
    const module: Record<string, unknown> = await import(path.join(SERVER, file));
    for (const [name, value] of Object.entries(module)) if (value instanceof z.ZodType) found.push([`${file}: ${name}`, value]);
  }
  return found;
}

/** Inputs that reach each field's own rules: the schema's keys with hostile values, or a hostile value alone. */
function inputsFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  const shape = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  if (shape.length === 0) return hostileValue;
  return fc.oneof(hostileValue, fc.record(Object.fromEntries(shape.map((k) => [k, hostileValue])), { requiredKeys: [] }));
}

type Tree = { [key: string]: string | Tree };
const message = (messages: unknown, code: string) => (messages as { validation: Tree }).validation[code];

describe('why a field was refused, in the console\'s words', () => {
  it('when any reason code is sent, then both languages word it, Ukrainian with no Latin letters', () => {
    for (const code of REASON_CODES) {
      expect(typeof message(en, code), `en validation.${code}`).toBe('string');
      const text = message(uk, code);
      expect(typeof text, `uk validation.${code}`).toBe('string');
      expect(String(text).replace(/\{\w+\}/g, ''), `uk validation.${code}`).not.toMatch(/[A-Za-z]/);
    }
  });

  it('when any server schema refuses any input, then each refused field has a reason the console words, and every sentence of ours has its own code', async () => {
    const schemas = await everySchema();
    expect(schemas.length).toBeGreaterThan(20);
    const unworded = new Set<string>();
    for (const [name, schema] of schemas) {
      fc.assert(
        fc.property(inputsFor(schema), (input) => {
          const result = schema.safeParse(input);
          if (result.success) return;
          for (const issue of result.error.issues) {
            const reason = reasonOfIssue(issue);
            if (typeof message(uk, reason.code) !== 'string') unworded.add(`${name}: ${reason.code}`);
            // zod's own words are English: a sentence we wrote must map to a code of its own, not to "invalid"
            if (reason.code === 'invalid' && issue.code === 'custom') unworded.add(`${name}: "${issue.message}"`);
          }
        }),
        { numRuns: 60, seed: 22 },
      );
    }
    expect([...unworded]).toEqual([]);
  });

  it('when a service refuses a field in its own sentence, then the error carries that sentence\'s reason', () => {
    expect(badRequest('no', { password: 'at least 8 characters', startsAt: 'not a date', x: 'something new' }).reasons).toEqual({
      password: { code: 'too_short', min: 8 }, startsAt: { code: 'not_date' }, x: { code: 'invalid' },
    });
  });
});
