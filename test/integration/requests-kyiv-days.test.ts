import { beforeAll, describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';

/**
 * Issue 19, item 15: `from` / `to` of the request list are days of the contact center, Kyiv's, not UTC's.
 * Requests are registered just either side of Kyiv midnights around both summer-time switches of 2026
 * (29 March: a 23-hour day; 25 October: a 25-hour day); which day each belongs to is asked of Intl, not of us.
 */
let t: TestApp;
let supervisor: string;
const registered = new Map<number, string>();
const kyivDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' });
const WINDOWS = [['2026-03-27', '2026-03-31'], ['2026-10-23', '2026-10-27']];
// Minutes either side of each UTC hour that a Kyiv midnight can fall on (21:00 or 22:00 UTC), and mid-day.
const AROUND = ['T20:59:00Z', 'T21:00:00Z', 'T21:30:00Z', 'T21:59:59Z', 'T22:00:00Z', 'T22:30:00Z', 'T23:30:00Z', 'T10:00:00Z'];

const daysOf = ([first, last]: string[]) => {
  const out: string[] = [];
  for (let d = Date.parse(first); d <= Date.parse(last); d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
};

beforeAll(async () => {
  t = await startTestApp();
  const agent = (await t.login({ role: 'agent' })).cookie;
  supervisor = (await t.login({ role: 'supervisor' })).cookie;
  let n = 0;
  for (const window of WINDOWS) {
    for (const day of daysOf(window)) {
      for (const time of AROUND) {
        const receivedAt = `${day}${time}`;
        const res = await t.fetch('/api/requests', { method: 'POST', cookie: agent, json: {
          citizen: { fullName: `Заявник ${++n}`, phone: `067 555 ${String(1000 + n)}` }, topicCode: 'HS.11', description: `Заявка ${receivedAt}`, source: 'written', receivedAt,
        } });
        expect(res.status, await res.clone().text()).toBe(201);
        registered.set((await body(res)).id, receivedAt);
      }
    }
  }
});

async function listed(query: string): Promise<string[]> {
  const res = await t.fetch(`/api/requests?${query}&pageSize=200`, { cookie: supervisor });
  expect(res.status).toBe(200);
  return (await body(res)).items.map((r: { id: number }) => registered.get(r.id)).sort();
}

const expected = (from: string, to: string) => [...registered.values()].filter((at) => {
  const day = kyivDay.format(new Date(at));
  return day >= from && day <= to;
}).sort();

describe('the request list filtered by Kyiv days', () => {
  it('when from and to name one day, then exactly the requests of that Kyiv day are listed, across both summer-time switches', async () => {
    for (const window of WINDOWS) {
      for (const day of daysOf(window).slice(1, -1)) {
        expect(await listed(`from=${day}&to=${day}`), day).toEqual(expected(day, day));
      }
    }
  });

  it('when from and to span days, then the span runs from Kyiv midnight to Kyiv midnight', async () => {
    expect(await listed('from=2026-03-28&to=2026-03-30')).toEqual(expected('2026-03-28', '2026-03-30'));
    expect(await listed('from=2026-10-25')).toEqual(expected('2026-10-25', '9999'));
    expect(await listed('to=2026-03-28')).toEqual(expected('0000', '2026-03-28'));
  });

  it('when a date-time without an offset is given, then it is Kyiv wall-clock time; with an offset, that instant', async () => {
    // 00:30 in Kyiv on 29 March is 22:30 UTC on the 28th.
    expect(await listed('from=2026-03-29T00:30:00&to=2026-03-29T00:30:00')).toEqual(['2026-03-28T22:30:00Z']);
    expect(await listed('from=2026-03-28T22:30:00Z&to=2026-03-28T22:30:00Z')).toEqual(['2026-03-28T22:30:00Z']);
  });

  it('when the same filter exports the list, then the file holds the same Kyiv day', async () => {
    const res = await t.fetch('/api/exports/requests.csv?from=2026-10-25&to=2026-10-25', { cookie: supervisor });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n').slice(1);
    expect(lines).toHaveLength(expected('2026-10-25', '2026-10-25').length);
  });
});
