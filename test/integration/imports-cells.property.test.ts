import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ukcRow, ukcTopicMapCsv, UKC_HEADER } from '../../db/seed/appeal-files';
import { runImport } from '../../server/imports/imports.service';
import { loadTopicMap } from '../../server/imports/topic-map';
import { useTestDatabase } from '../setup/database';
import { hostileString } from './http-fuzz';

/** Strings whose quoting in an error could cut a character in half, next to the classes of issue 9. */
const hostileCell = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 70 }), fc.constantFrom('😀', '💧', '𝕏')).map(([n, e]) => `${'x'.repeat(n)}${e}${e}`) },
  { weight: 1, arbitrary: fc.constantFrom('Я'.repeat(4000), 'Я'.repeat(4001), '31.02.2021 10:00', '0'.repeat(64), '0'.repeat(65)) },
);

const quote = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Issue 19, item 9: every cell of a 1545 file, fuzzed. Whatever a cell holds, the import answers with its
 * outcome and rows (a row error at worst), never throws, and records itself; a rejected file writes no request.
 */
describe('imports: any cell in any column', async () => {
  const { dataSource } = await useTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-import-cells-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
  await loadTopicMap(dataSource, 'ukc1545', path.join(dir, 'map.csv'));
  let run = 0;

  it('when up to three cells of a row are hostile, then the import answers imported or rejected, and a rejection writes nothing', async () => {
    const cells = fc.array(fc.tuple(fc.nat({ max: UKC_HEADER.length - 1 }), hostileCell), { minLength: 1, maxLength: 3 });
    await fc.assert(fc.asyncProperty(cells, async (changes) => {
      const row = ukcRow(run, { rows: 1, firstNumber: 7 });
      for (const [at, value] of changes) row[at] = value;
      const file = path.join(dir, `cells-${++run}.csv`);
      await writeFile(file, `${UKC_HEADER.join(';')}\r\n${row.map(quote).join(';')}\r\n`);
      const [{ before }] = await dataSource.query('SELECT count(*)::int AS before FROM requests');
      const s = await runImport(dataSource, { format: 'ukc1545', path: file, fileName: path.basename(file), dryRun: false, actor: { userId: null, name: 'fuzz' } })
        .catch((e: { status?: number; code?: string }) => ({ thrown: e }));
      const where = JSON.stringify(changes).slice(0, 400);
      if ('thrown' in s) {
        // A file refused as a whole (its header broken by the cell): a 4xx, never a failure of ours.
        expect(s.thrown.status, where).toBeGreaterThanOrEqual(400);
        expect(s.thrown.status, where).toBeLessThan(500);
        return;
      }
      expect(['imported', 'rejected'], where).toContain(s.outcome);
      const [{ after }] = await dataSource.query('SELECT count(*)::int AS after FROM requests');
      if (s.outcome === 'rejected') expect(after, where).toBe(before);
      const [record] = await dataSource.query('SELECT outcome FROM imports WHERE id = $1', [s.id]);
      expect(record.outcome, where).toBe(s.outcome);
    }), { numRuns: 60 });
  }, 240_000);
});
