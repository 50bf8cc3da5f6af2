import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import uk from '../i18n/uk';
import { importErrorKey } from './errors';

describe('importErrorKey: a refused import in the console’s words', () => {
  it('when the server names a missing column, an unreadable file or a removed key, then each has its own Ukrainian text', () => {
    const cases = [
      [new ApiError(400, 'missing_columns', 'The file has no column "№ звернення".', { file: 'missing column: № звернення' }), 'imports.errors.missingColumns', '№ звернення'],
      [new ApiError(400, 'unreadable_file', 'The file cannot be read as CSV: …', { file: 'Quote Not Closed: … at line 2001' }), 'imports.errors.unreadable', 'Quote Not Closed: … at line 2001'],
      [new ApiError(409, 'reference_changed', '1 of the topics …'), 'imports.errors.referenceChanged', ''],
      [new ApiError(413, 'inflated_too_large', 'The workbook unpacks …', { file: 'unpacks to more than 256 MB' }), 'imports.errors.tooLarge', 'unpacks to more than 256 MB'],
      [new ApiError(413, 'reader_out_of_memory', 'Reading the file …', { file: 'needs more than 512 MB to read' }), 'imports.errors.tooLarge', 'needs more than 512 MB to read'],
      [new ApiError(409, 'external_number_taken', 'A request with …'), 'imports.errors.numberTaken', ''],
    ] as const;
    for (const [error, key, detail] of cases) {
      expect(importErrorKey(error)).toEqual({ key, detail });
      const [, group, name] = key.split('.');
      expect((uk.imports as unknown as Record<string, Record<string, string>>)[group][name]).toMatch(/[а-яіїє]/);
    }
  });

  it('when any other call fails, then it reads like every other failure', () => {
    expect(importErrorKey(new ApiError(403, 'forbidden', 'x'))).toEqual({ key: 'errors.forbidden', detail: '' });
    expect(importErrorKey(new Error('boom'))).toEqual({ key: 'errors.generic', detail: '' });
  });
});
