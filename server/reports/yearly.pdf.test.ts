import { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCsv } from '../../db/reference/csv';
import { barRows } from './pdf/bar-chart';
import { table1, table2, table3 } from './state-form';
import { FLAG_NAMES, TABLE2_CATEGORIES, type CubeRow } from './yearly.repository';
import { writeYearlyPdf } from './yearly.pdf';
import type { YearlyReport } from './yearly.service';

const reference = (name: string) => readCsv(new URL(`../../db/reference/${name}`, import.meta.url));
const SOURCES = ['call', 'web', 'ukc1545', 'regional_hotline', 'written', 'personal', 'e_petition', 'consultation'];

/** A large city's year: every classifier group and every source, six-digit counts (the widest figures). */
function bigReport(): YearlyReport {
  const groups = reference('klas858.csv');
  const topics = reference('topics.csv').filter((t) => !t.parent);
  const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 3])) as Record<K, number>;
  const cube: CubeRow[] = groups.flatMap((g, gi) => SOURCES.flatMap((source, si) => [true, false].map((cur) => ({
    cur, source, addressee: 'city_leadership', subject: 'individual', result: 'resolved', topic: topics[gi % topics.length].code,
    klas: g.code, n: 100_000 + gi * 1_000 + si * 10 + (cur ? 1 : 0), flags: zero(FLAG_NAMES), categories: zero(TABLE2_CATEGORIES),
  }))));
  const pair = (current: number, previous: number) => ({ current, previous });
  return {
    year: 2021, previousYear: 2020, scope: { addressee: null },
    appeals: { ...pair(36_732, 35_000), changePercent: 4.9 },
    byAddressee: [{ addressee: 'city_leadership', ...pair(20_000, 19_000) }],
    bySource: SOURCES.map((source, i) => ({ source, ...pair(20_000 - i * 2_000, 18_000 - i * 1_500) })),
    byTopic: topics.map((t, i) => ({ code: t.code, name: t.name_uk, ...pair(9_000 - i * 500, 8_000 - i * 400), percent: 10 })),
    flags: FLAG_NAMES.map((flag) => ({ flag, ...pair(872, 800), bySource: {} })),
    bySubject: [{ subject: 'collective', ...pair(440, 400) }],
    byResult: [{ result: '9.1', ...pair(30_000, 29_000) }],
    byMonth: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...pair(3_000, 2_900) })),
    serviceRequests: pair(35_171, 34_000),
    consultations: { held: 270, questions: 1_200 },
    form: { table1: table1(cube), table2: table2(cube), table3: table3(cube, new Map(groups.map((g) => [g.code, g.name_uk]))) },
  };
}

interface Drawn { text: string; x: number; width?: number; align?: string; tooWide: string[]; lines: string[]; pageWidth: number; right: number }

/** The pieces a line may end between: words, and the parts of a hyphenated word. */
const pieces = (text: string): string[] => text.split(/\s+|(?<=-)/).filter(Boolean);

/**
 * Renders the PDF for real, noting each text pdfkit lays out in a box, measuring its words in the font in use,
 * and keeping the lines pdfkit actually printed it in (its own line breaker decides, not our measure).
 */
async function render(report: YearlyReport): Promise<{ drawn: Drawn[]; bytes: number }> {
  const drawn: Drawn[] = [];
  let current: Drawn | null = null;
  const original = PDFDocument.prototype.text;
  vi.spyOn(PDFDocument.prototype, 'text').mockImplementation(function (this: PDFKit.PDFDocument, ...args: unknown[]) {
    const [text, x, , options] = args as [unknown, unknown, unknown, PDFKit.Mixins.TextOptions | undefined];
    if (typeof text === 'string' && typeof x === 'number' && options?.width !== undefined) {
      const width = options.width;
      const tooWide = text.split(/\s+/).filter((w) => w && this.widthOfString(w) > width + 0.01);
      current = { text, x, width, align: options.align, tooWide, lines: [], pageWidth: this.page.width, right: this.page.width - this.page.margins.right };
      drawn.push(current);
    }
    try {
      return original.apply(this, args as Parameters<typeof original>);
    } finally {
      current = null;
    }
  });
  type Fragment = (text: string, ...rest: unknown[]) => unknown;
  const proto = PDFDocument.prototype as unknown as { _fragment: Fragment };
  const fragment = proto._fragment;
  vi.spyOn(proto, '_fragment').mockImplementation(function (this: unknown, text: string, ...rest: unknown[]) {
    current?.lines.push(text);
    return fragment.call(this, text, ...rest);
  });
  let bytes = 0;
  const sink = new Writable({ write(chunk: Buffer, _e, done) { bytes += chunk.length; done(); } });
  await writeYearlyPdf(report, sink);
  return { drawn, bytes };
}

afterEach(() => vi.restoreAllMocks());

describe('the yearly report as a PDF', () => {
  it('when table 3 has every classifier group, then no word of any header or cell is broken and nothing passes the page', async () => {
    const { drawn, bytes } = await render(bigReport());
    expect(bytes).toBeGreaterThan(10_000);
    const headers = drawn.filter((d) => /\(20(20|21)\)/.test(d.text));
    expect(headers.length).toBeGreaterThanOrEqual(52); // 26 year pairs of table 3, each printed at least once
    expect(drawn.filter((d) => d.tooWide.length).map((d) => `${d.text} [${d.tooWide.join(', ')}] in ${d.width?.toFixed(1)} pt`)).toEqual([]);
    // pdfkit measures a word with the space after it: a column exactly as wide as its widest word still chopped
    // "самоврядування (2021)" into "самов" / "рядування". Every printed line must hold whole words only.
    const chopped = drawn.flatMap((d) => {
      const whole = new Set(pieces(d.text));
      return d.lines.flatMap(pieces).filter((p) => !whole.has(p)).map((p) => `${d.text} → "${p}" in ${d.width?.toFixed(1)} pt`);
    });
    expect(chopped).toEqual([]);
    expect(drawn.filter((d) => d.text.trim() && !d.lines.length)).toEqual([]);
    expect(drawn.filter((d) => d.x + d.width! > d.right + 0.01).map((d) => d.text)).toEqual([]);
    expect(drawn.every((d) => d.pageWidth > 800)).toBe(true); // A4 landscape
  });

  it('when a cell holds a figure, then it is right-aligned', async () => {
    const { drawn } = await render(bigReport());
    const figures = drawn.filter((d) => /^[\d\s.,%+—-]+$/.test(d.text));
    expect(figures.length).toBeGreaterThan(500);
    expect(figures.filter((d) => d.align !== 'right').map((d) => d.text)).toEqual([]);
  });

  it('when there are topics and sources, then each is a bar chart whose bars are as long as their counts', async () => {
    const report = bigReport();
    const { drawn } = await render(report);
    const labels = drawn.map((d) => d.text);
    for (const t of report.byTopic) expect(labels).toContain(`${t.name} (${t.percent} %)`);
    expect(labels).toContain('Урядовий контактний центр 1545');
    const { rows, barOffset } = barRows(report.bySource.map((s) => ({ label: s.source, ...s })), 700, () => 8);
    const longest = Math.max(...rows.flatMap((r) => [r.current, r.previous]));
    expect(barOffset + longest).toBeLessThanOrEqual(700);
    for (const r of rows) expect(r.current / longest).toBeCloseTo(r.item.current / 20_000, 6);
  });
});
