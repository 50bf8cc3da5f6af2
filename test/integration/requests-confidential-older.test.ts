import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillExecutorSearch } from '../../server/requests/executor-search';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Issue 19, item 6: requests that did not come through registration (a file import, rows older than the
 * normaliser) were searched by executors with their whole address when it was typed unlike the card's, so
 * the flat found them. After an import, and at start for older rows, they are searched as executors read them.
 */
describe('requests: a confidential applicant\'s imported and older requests, as executors search them', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  const water = await t.login({ role: 'executor', executor: 'WATER' });
  const supervisor = await t.login({ role: 'supervisor' });
  const sql = t.db.dataSource;
  const json = async (res: Response): Promise<any> => res.json();
  const finds = async (q: string) => (await json(await t.fetch(`/api/requests?q=${encodeURIComponent(q)}`, { cookie: water.cookie }))).items.map((x: any) => x.id);

  /** A confidential applicant, registered once by an agent (their card). */
  async function applicant(fullName: string, phone: string, home: string): Promise<number> {
    const res = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName, phone, address: home, confidential: true }, topicCode: 'HS.01', description: 'Перша заявка', source: 'call' },
    });
    expect(res.status).toBe(201);
    return (await sql.query('SELECT citizen_id AS id FROM requests WHERE id = $1', [(await res.json() as any).id]))[0].id;
  }

  it('when a file brings a request of a confidential applicant at their home typed another way, then the flat and the name do not find it', async () => {
    await applicant('Ткачук Олег', '050 777 9001', 'вул. Гетьманська, 41, кв. 87');
    const dir = await mkdtemp(path.join(tmpdir(), 'hc-confidential-'));
    const file = path.join(dir, 'city.csv');
    await writeFile(file, [
      'number,received_at,source,topic_code,citizen_name,phones,address,description,executor_code',
      'C-1,2026-01-10T10:00:00+02:00,call,HS.11,Ткачук Олег,0507779001,Гетьманська вул 41-87,Ткачука турбує шум у квартирі 87,WATER',
    ].join('\n') + '\n');
    const form = new FormData();
    form.set('format', 'city');
    form.set('file', new Blob([await readFile(file)]), 'city.csv');
    const res = await t.fetch('/api/imports', { method: 'POST', cookie: supervisor.cookie, body: form });
    expect(res.status).toBe(201);
    const [{ id }] = await sql.query(`SELECT id FROM requests WHERE external_number = 'C-1'`);
    for (const q of ['87', 'Ткачука', 'Ткачук']) expect(await finds(q), q).not.toContain(id);
    for (const q of ['Гетьманська 41', 'шум']) expect(await finds(q), q).toContain(id);
    const seen = await json(await t.fetch(`/api/requests/${id}`, { cookie: water.cookie }));
    expect(seen.address).toBe('Гетьманська вул 41');
  });

  it('when rows older than the normaliser are there at start, then they are searched as executors read them', async () => {
    const citizen = await applicant('Гнатюк Ірина', '050 777 9002', 'просп. Металургів, буд. 12, квартира 40');
    const [{ id: executor }] = await sql.query(`SELECT id FROM executors WHERE code = 'WATER'`);
    // As a row written before this version: no building, no redacted description.
    const [{ id }] = await sql.query(
      `INSERT INTO requests (number, received_at, source, topic_code, description, status, citizen_id, executor_id, address, due_at)
       VALUES ('2025-000777', now(), 'call', 'HS.11', 'Гнатюк Ірину заливає з даху, пр-т Металургів 12/40', 'assigned', $1, $2, 'пр-т Металургів 12/40', now() + interval '5 days')
       RETURNING id`, [citizen, executor]);
    expect(await finds('40')).toContain(id); // the leak as it was
    expect(await fillExecutorSearch(sql)).toBeGreaterThan(0);
    for (const q of ['40', 'Гнатюк', 'Ірину']) expect(await finds(q), q).not.toContain(id);
    for (const q of ['Металургів 12', 'даху']) expect(await finds(q), q).toContain(id);
    expect(await fillExecutorSearch(sql)).toBe(0); // nothing left to fill on the next start
  });

  it('when an applicant asks for confidentiality on a later call, then their earlier requests are searched as executors read them', async () => {
    const register = async (confidential: boolean, description: string) => {
      const res = await t.fetch('/api/requests', {
        method: 'POST', cookie: agent.cookie,
        json: { citizen: { fullName: 'Ковальчук Зоя', phone: '050 777 9003', address: 'вул. Тиха, 9, кв. 312', confidential },
          topicCode: 'HS.11', description, source: 'call' },
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as any).id as number;
    };
    const earlier = await register(false, 'Ковальчук просить полагодити кран у квартирі 312');
    expect(await finds('Ковальчук')).toContain(earlier);
    await register(true, 'Знову тече');
    for (const q of ['Ковальчук', '312']) expect(await finds(q), q).not.toContain(earlier);
    for (const q of ['кран', 'Тиха 9']) expect(await finds(q), q).toContain(earlier);
  });
});
