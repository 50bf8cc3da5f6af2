import { mkdtemp, rm, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ukcTopicMapCsv, writeUkcFile } from '../../db/seed/appeal-files';
import { loadTopicMap } from '../../server/imports/topic-map';
import { body, startTestApp } from '../setup/app';

describe('imports: one file twice at the same time', async () => {
  const t = await startTestApp();
  const { dataSource } = t.db;
  const supervisor = await t.login({ role: 'supervisor' });
  const admin = await t.login({ role: 'admin' });
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-import-parallel-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
  await loadTopicMap(dataSource, 'ukc1545', path.join(dir, 'map.csv'));
  const upload = async (cookie: string, file: string) => {
    const form = new FormData();
    form.set('format', 'ukc1545');
    form.set('file', new Blob([await readFile(file)]), path.basename(file));
    return t.fetch('/api/imports', { method: 'POST', cookie, body: form });
  };

  it('when two people import the same 3,000 rows at once, then each request exists once and the second import met the first', async () => {
    const file = path.join(dir, 'same.csv');
    await writeUkcFile(file, { rows: 3000, firstNumber: 6 });
    const answers = await Promise.all([upload(supervisor.cookie, file), upload(admin.cookie, file)]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    const summaries = await Promise.all(answers.map((a) => body(a)));
    const [{ n, keys }] = await dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT external_number)::int AS keys FROM requests WHERE source = 'ukc1545'`);
    expect({ n, keys }).toEqual({ n: 3000, keys: 3000 });
    const byNew = summaries.sort((a, b) => b.new - a.new);
    expect(byNew[0]).toMatchObject({ new: 3000, unchanged: 0 });
    expect(byNew[1]).toMatchObject({ new: 0, updated: 0, unchanged: 3000 });
  });

  it('when an agent types in an appeal whose 1545 number is already registered, then 409 names the request that has it', async () => {
    const agent = await t.login({ role: 'agent' });
    const [first] = await dataSource.query(`SELECT number, external_number FROM requests WHERE source = 'ukc1545' ORDER BY id LIMIT 1`);
    const res = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: 'Петренко Іван', phone: '0671112233' }, topicCode: 'HS.06', description: 'Протікає дах', source: 'ukc1545', externalNumber: first.external_number },
    });
    expect(res.status).toBe(409);
    expect((await body(res)).error).toMatchObject({ code: 'external_number_taken', fields: { externalNumber: `already registered as ${first.number}` } });
  });
});
