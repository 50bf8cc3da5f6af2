import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../http/reasons';
import { rowReasonOf } from './row-reasons';

/** Every sentence the import writes for a bad cell, read from the sources: `fail(field, '…')`, `` `…${x}` ``. */
function importSentences(): string[] {
  const source = ['rows.ts', 'topic-map.ts'].map((f) => readFileSync(path.join(__dirname, f), 'utf8')).join('\n');
  const found = [...source.matchAll(/fail\(\s*'?\w+'?,\s*(['`])(.*?)\1\)/g), ...source.matchAll(/why: (['`])(.*?)\1/g)].map((m) => m[2]);
  // A template's value becomes a sample: the sentence's shape is what must be known.
  return [...new Set(found.map((s) => s.replace(/\$\{[^}]*\}/g, '31.02.2021')))];
}

describe('an import row error in words', () => {
  it('when the import writes any of its sentences, then the console gets a reason code it knows', () => {
    const sentences = importSentences();
    expect(sentences.length).toBeGreaterThan(15);
    const unknown = sentences.filter((s) => {
      const reason = rowReasonOf(s);
      return !reason || !(REASON_CODES as readonly string[]).includes(reason.code);
    });
    expect(unknown).toEqual([]);
  });

  it('keeps the offending value beside the code', () => {
    expect(rowReasonOf('not a date: 31.02.2021 10:00')).toEqual({ code: 'not_date', value: '31.02.2021 10:00' });
    expect(rowReasonOf('unknown district ZZZ')).toEqual({ code: 'unknown_value', value: 'ZZZ' });
    expect(rowReasonOf('not 1 to 5')).toEqual({ code: 'not_between', min: 1, max: 5 });
    expect(rowReasonOf('at most 64 characters')).toEqual({ code: 'too_long', max: 64 });
    // What badCells says of any cell (server/http/validate.ts and the length limit).
    expect(rowReasonOf('longer than 4000 characters')).toEqual({ code: 'too_long', max: 4000 });
    expect(rowReasonOf('contains a control character')).toEqual({ code: 'control_character' });
    expect(rowReasonOf('is not well-formed Unicode')).toEqual({ code: 'broken_text' });
  });
});
