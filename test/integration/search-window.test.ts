import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../setup/database';
import { generateDemoData } from '../../db/seed/generate';
import type { AuthUser } from '../../server/auth/auth.types';
import { listQuerySchema } from '../../server/requests/requests.schemas';
import { searchRequests } from '../../server/requests/requests.search';
import { RECENT_WINDOW, TEXT_TOTAL_CAP } from '../../server/requests/search-paging';
import { tolerantQuery } from '../../server/requests/search-words';

const agent: AuthUser = { id: 1, username: 'a', fullName: 'A', role: 'agent', interface: null, phone: null, executorId: null };

/**
 * Words at scale: more requests than the newest-first window holds, so the window's shortcut is taken. What it
 * answers is checked against plain queries over the whole table with the same words.
 */
describe('request search by words past the newest window', async () => {
  const { dataSource } = await useTestDatabase();
  await generateDemoData(dataSource, { citizens: 400, requests: RECENT_WINDOW + 2_500, years: 2, batch: 2_500 });
  const search = (query: Record<string, string>) => searchRequests(dataSource, listQuerySchema.parse(query), agent, 120);
  /** The same words as the service asks, answered over every request: ids newest first, and the true count. */
  const plain = async (text: string) => {
    const tsquery = await dataSource.transaction((m) => tolerantQuery(m, text));
    const ids: number[] = (await dataSource.query(`SELECT id FROM requests WHERE search_tsv @@ to_tsquery('simple', $1)
      ORDER BY received_at DESC, id DESC`, [tsquery])).map((r: { id: number }) => r.id);
    const [{ recent }] = await dataSource.query(`SELECT count(*)::int AS recent FROM (SELECT search_tsv FROM requests
      ORDER BY received_at DESC, id DESC LIMIT ${RECENT_WINDOW}) w WHERE search_tsv @@ to_tsquery('simple', $1)`, [tsquery]);
    return { ids, recent };
  };

  it('when a common word is searched, then the page is the newest hits and the total is the cap, proved by the window alone', async () => {
    const truth = await plain('ліфт');
    expect(truth.recent).toBeGreaterThan(TEXT_TOTAL_CAP);
    const first = await search({ q: 'ліфт' });
    expect(first.rows.map((r) => r.id)).toEqual(truth.ids.slice(0, 20));
    expect(first).toMatchObject({ total: TEXT_TOTAL_CAP, totalCapped: true });
  });

  it('when a word has fewer hits among the newest than the cap but more before, then the total is what was counted, marked as not counted to the end', async () => {
    // 50 of the newest requests and 30 older ones mention a well.
    await dataSource.query(`UPDATE requests SET description = description || ' Криниця' WHERE id IN (
      (SELECT id FROM requests ORDER BY received_at DESC, id DESC LIMIT 50)
      UNION ALL (SELECT id FROM requests ORDER BY received_at LIMIT 30))`);
    const truth = await plain('криниця');
    expect(truth).toMatchObject({ recent: 50 });
    expect(truth.ids).toHaveLength(80);
    const first = await search({ q: 'криниця' });
    expect(first.rows.map((r) => r.id)).toEqual(truth.ids.slice(0, 20));
    expect(first).toMatchObject({ total: 50, totalCapped: true });
    // Past the window's hits the page comes from the whole table, counted exactly.
    const third = await search({ q: 'криниця', page: '3' });
    expect(third.rows.map((r) => r.id)).toEqual(truth.ids.slice(40, 60));
    expect(third).toMatchObject({ total: 80, totalCapped: false });
  });

  it('when a word only older requests have is searched, then the page and the total come from the whole table, exactly', async () => {
    const [old] = await dataSource.query(`SELECT id, number FROM requests ORDER BY received_at LIMIT 1`);
    await dataSource.query(`UPDATE requests SET description = description || ' Шпаківня' WHERE id = $1`, [old.id]);
    const found = await search({ q: 'Шпаківня' });
    expect(found).toMatchObject({ total: 1, totalCapped: false, rows: [{ id: old.id }] });
  });
});
