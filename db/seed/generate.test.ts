import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/setup/database';
import { WORKING } from '../../server/requests/transitions';
import { generateDemoData } from './generate';

describe('demo data', async () => {
  const { dataSource } = await useTestDatabase();
  const steps: string[] = [];
  await generateDemoData(dataSource, { citizens: 300, requests: 3000, years: 3, batch: 1000, onProgress: (s) => steps.push(s) });

  it('when generated, then citizens have E.164 phones and requests have unique readable numbers per year', async () => {
    const [c] = await dataSource.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE phone ~ '^\\+380\\d{9}$')::int AS ok FROM citizen_phones`);
    expect(c).toEqual({ n: 300, ok: 300 });
    const [r] = await dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT number)::int AS numbers,
      count(*) FILTER (WHERE number ~ '^\\d{4}-\\d{6}$')::int AS readable FROM requests`);
    expect(r).toEqual({ n: 3000, numbers: 3000, readable: 3000 });
    const counters = await dataSource.query('SELECT year, last FROM request_counters ORDER BY year');
    expect(counters.length).toBeGreaterThanOrEqual(3);
  });

  it('when generated, then housing services lead the topics and calls lead the sources, as in the city report', async () => {
    const topics = await dataSource.query(`SELECT t.parent_code AS grp, count(*)::int AS n FROM requests r JOIN topics t ON t.code = r.topic_code GROUP BY 1 ORDER BY 2 DESC`);
    expect(topics[0].grp).toBe('HS');
    expect(topics[0].n / 3000).toBeGreaterThan(0.3);
    const sources = await dataSource.query(`SELECT source, count(*)::int AS n FROM requests GROUP BY 1 ORDER BY 2 DESC`);
    expect(sources.map((s: { source: string }) => s.source).slice(0, 2)).toEqual(['call', 'ukc1545']);
  });

  it('when generated, then assigned requests have the executor routing would pick and a timeline, and calls are linked', async () => {
    const [x] = await dataSource.query(`SELECT count(*) FILTER (WHERE executor_id IS NULL AND status <> 'registered')::int AS unrouted,
      count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id))::int AS no_timeline FROM requests r`);
    expect(x.no_timeline).toBe(0);
    expect(x.unrouted).toBe(0);
    const [{ linked }] = await dataSource.query(`SELECT count(*)::int AS linked FROM call_requests`);
    const [{ calls }] = await dataSource.query(`SELECT count(*)::int AS calls FROM requests WHERE source = 'call'`);
    expect(linked).toBe(calls);
    expect(steps).toContain('requests');
  });

  it('when generated, then most requests were done on time and the overdue ones are a tail of days to weeks, as in a real city', async () => {
    const [x] = await dataSource.query(`
      SELECT count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed,
             count(*) FILTER (WHERE completed_at <= due_at)::int AS on_time,
             count(*) FILTER (WHERE status = ANY($1) AND due_at < now())::int AS overdue,
             count(*) FILTER (WHERE status = ANY($1))::int AS open,
             coalesce(max(ceil(extract(epoch FROM now() - due_at) / 86400)) FILTER (WHERE status = ANY($1) AND due_at < now()), 0)::int AS worst,
             coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM now() - due_at) / 86400)
               FILTER (WHERE status = ANY($1) AND due_at < now()), 0)::float AS median
        FROM requests`, [WORKING]);
    expect(x.on_time / x.completed).toBeGreaterThan(0.75);
    expect(x.overdue).toBeGreaterThan(0);
    expect(x.overdue / x.open).toBeLessThan(0.4);
    expect(x.worst).toBeLessThanOrEqual(60);
    expect(x.median).toBeLessThanOrEqual(14);
  });
});

describe('demo data written without triggers', async () => {
  const { dataSource } = await useTestDatabase();
  await generateDemoData(dataSource, { citizens: 200, requests: 1500, years: 2, batch: 500 });

  it('when the generator stood in for the triggers, then each row has the vector, home flag and category the triggers give it', async () => {
    // The update fires the vector trigger on every row: what it computes must be what the generator stored.
    const [d] = await dataSource.transaction(async (m) => {
      await m.query('CREATE TEMP TABLE stored ON COMMIT DROP AS SELECT id, search_tsv FROM requests');
      await m.query('UPDATE requests SET citizen_id = citizen_id');
      return m.query(`SELECT count(*)::int AS rows, count(*) FILTER (WHERE r.search_tsv IS DISTINCT FROM s.search_tsv)::int AS vectors
                        FROM requests r JOIN stored s USING (id)`);
    });
    expect(d).toEqual({ rows: 1500, vectors: 0 });
    // The insert trigger's own test of the home address (an update keeps the flag).
    const [h] = await dataSource.query(`SELECT count(*) FILTER (WHERE r.address_is_home IS DISTINCT FROM request_address_is_home(r.address, c.address))::int AS wrong,
                                               count(*) FILTER (WHERE r.address_is_home)::int AS homes
                                          FROM requests r JOIN citizens c ON c.id = r.citizen_id`);
    expect(h).toEqual({ wrong: 0, homes: 1500 });
    const [c] = await dataSource.query(`SELECT count(*) FILTER (WHERE category IS DISTINCT FROM
      CASE WHEN source IN ('call', 'web', 'consultation') THEN 'service' ELSE 'appeal' END)::int AS wrong FROM requests`);
    expect(c.wrong).toBe(0);
  });

  it('when generated, then every word of every request is in the search dictionary, so a misspelling of it is found', async () => {
    const [w] = await dataSource.query(`
      SELECT count(*)::int AS missing FROM (SELECT DISTINCT unnest(tsvector_to_array(search_tsv)) AS word FROM requests) v
       WHERE length(word) >= 3 AND word !~ '^[0-9]+$' AND NOT EXISTS (SELECT 1 FROM search_words s WHERE s.word = v.word)`);
    expect(w.missing).toBe(0);
    const [{ words }] = await dataSource.query('SELECT count(*)::int AS words FROM search_words');
    expect(words).toBeGreaterThan(100);
  });
});
