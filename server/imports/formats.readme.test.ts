import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMATS, IMPORT_FORMATS } from './formats';

/** The README's list of import columns is what an admin prepares a file by: it must name every column we read. */
describe('the README\'s import formats', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Import formats'), readme.indexOf('\n## ', readme.indexOf('### Import formats')));

  it('when a format reads a column, then the README names it under that format, mandatory ones marked', () => {
    expect(section.length).toBeGreaterThan(100);
    for (const format of IMPORT_FORMATS) {
      const line = section.split('\n').find((l) => l.startsWith(`| \`${format}\``));
      expect(line, format).toBeDefined();
      for (const [field, header] of Object.entries(FORMATS[format].headers)) {
        const mandatory = FORMATS[format].mandatory.includes(field as never);
        expect(line, `${format}: ${header}`).toContain(mandatory ? `**${header}**` : header);
      }
    }
  });
});
