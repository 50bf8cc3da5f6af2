import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell } from './csv-cell';

/** Reads one line of `;`-separated cells back as a spreadsheet would (RFC 4180 quoting). */
function readRow(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      for (i++; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (line[i] === '"') break;
        else cell += line[i];
      }
      i++;
    } else {
      while (i < line.length && line[i] !== ';') cell += line[i++];
    }
    cells.push(cell);
    if (i >= line.length) return cells;
    i++; // the separator
  }
}

const FORMULA_LEAD = ['=', '+', '-', '@', '\t', '\r'];
const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }),
  fc.tuple(fc.constantFrom(...FORMULA_LEAD), fc.string()).map(([lead, rest]) => lead + rest));

describe('csvCell', () => {
  it('when any text is written, then no cell read back starts a formula, and the text comes back whole', () => {
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (values) => {
      const read = readRow(values.map(csvCell).join(';'));
      expect(read).toHaveLength(values.length);
      read.forEach((cell, i) => {
        expect(FORMULA_LEAD.includes(cell[0] ?? '')).toBe(false);
        expect(FORMULA_LEAD.includes(values[i][0] ?? '') ? cell.slice(1) : cell).toBe(values[i]);
      });
    }), { numRuns: 2_000 });
  });

  it('when a caller calls themselves =HYPERLINK(…), then the cell is text; numbers and dates stay as they are', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('+380671234567')).toBe("'+380671234567");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvCell(null)).toBe('');
  });
});
