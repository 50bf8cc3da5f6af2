import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ukcTopicMapCsv, writeUkcFile } from '../../db/seed/appeal-files';
import { runImport } from '../../server/imports/imports.service';
import { loadTopicMap } from '../../server/imports/topic-map';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Kyiv's 1551 passes a million requests a year in November: numbering must cross 999,999 → 1,000,000 in every path. */
describe('request numbers past a million a year', async () => {
  const t = await startTestApp();
  const db = t.db.dataSource;
  const agent = await t.login({ role: 'agent' });
  const json = async (res: Response): Promise<any> => res.json();
  const setCounter = (year: number, last: number) =>
    db.query('INSERT INTO request_counters (year, last) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET last = $2', [year, last]);
  const register = async (): Promise<any> => {
    const res = await t.fetch('/api/requests', { method: 'POST', cookie: agent.cookie, json: {
      citizen: { fullName: 'Коваленко Олена', phone: '0673112233', address: 'вул. Шевченка, 14' }, topicCode: 'LS.02', source: 'call',
      description: 'Не працює вуличне освітлення' } });
    expect(res.status).toBe(201);
    return json(res);
  };
  const search = async (q: string): Promise<any> => json(await t.fetch(`/api/requests?q=${encodeURIComponent(q)}`, { cookie: agent.cookie }));

  it('when the agent registers across the boundary, then the numbers run 999999, 1000000, 1000001 and each is found by search', async () => {
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Kyiv', year: 'numeric' }).format(new Date()));
    await setCounter(year, 999_998);
    const made = [await register(), await register(), await register()];
    expect(made.map((r) => r.number)).toEqual([`${year}-999999`, `${year}-1000000`, `${year}-1000001`]);
    for (const r of made) expect((await search(r.number)).items.map((x: any) => x.id)).toEqual([r.id]);
    // Leading zeros may be left out when a number is typed; the seven-digit one has none to leave.
    const early = await register();
    await db.query('UPDATE requests SET number = $1 WHERE id = $2', [`${year}-000042`, early.id]);
    expect((await search(`${year}-42`)).items.map((x: any) => x.id)).toEqual([early.id]);
  });

  it('when a 1545 file is imported across the boundary, then every row gets its own number past a million and re-import changes nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hc-million-'));
    await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
    await loadTopicMap(db, 'ukc1545', path.join(dir, 'map.csv'));
    await setCounter(2021, 999_990);
    const file = path.join(dir, 'kyiv.csv');
    await writeUkcFile(file, { rows: 25, year: 2021, firstNumber: 7 });
    const run = () => runImport(db, { format: 'ukc1545', path: file, fileName: 'kyiv.csv', dryRun: false, actor: { userId: null, name: 'test' } });
    expect(await run()).toMatchObject({ outcome: 'imported', new: 25, rejected: 0 });
    const rows: { number: string }[] = await db.query(`SELECT number FROM requests WHERE number LIKE '2021-%' ORDER BY id`);
    const seqs = rows.map((r) => Number(r.number.slice(5))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => 999_991 + i));
    expect(rows.filter((r) => r.number.length === 12)).toHaveLength(16); // 2021-1000000 … 2021-1000015
    const [{ last }] = await db.query('SELECT last FROM request_counters WHERE year = 2021');
    expect(last).toBe(1_000_015);
    expect(await run()).toMatchObject({ outcome: 'imported', new: 0, unchanged: 25 });
  });
});
