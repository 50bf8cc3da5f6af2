import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/setup/database';
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
});
