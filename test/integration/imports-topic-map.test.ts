import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UKC_HEADER, ukcRow } from '../../db/seed/appeal-files';
import { body, startTestApp } from '../setup/app';

/** Issue 22, item 6: an import must not land unclassified for want of a map nobody could edit in the console. */
describe('the topic map of imports: exact names map themselves, the rest is edited in the console with suggestions', async () => {
  const t = await startTestApp();
  const admin = await t.login({ role: 'admin' });
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-topic-map-'));
  const fileWith = async (name: string, texts: string[]) => {
    const rows = texts.map((text, i) => ukcRow(i + 1, { rows: texts.length, firstNumber: 7 }).map((cell, c) => (c === 6 ? text : cell)));
    const file = path.join(dir, name);
    await writeFile(file, [UKC_HEADER, ...rows].map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')).join('\n'));
    return file;
  };
  const upload = async (file: string) => {
    const form = new FormData();
    form.set('format', 'ukc1545');
    form.set('file', new Blob([await readFile(file)]), path.basename(file));
    return body(await t.fetch('/api/imports', { method: 'POST', cookie: admin.cookie, body: form }));
  };
  const topicsOf = async () => Object.fromEntries((await t.db.dataSource.query(
    `SELECT external_number AS n, topic_code AS code FROM requests WHERE source = 'ukc1545' ORDER BY 1`)).map((r: { n: string; code: string }) => [r.n, r.code]));

  it('when a 1545 topic text is one of our topic names (in any case and spacing), then its rows get that topic without a map line', async () => {
    const summary = await upload(await fileWith('exact.csv', ['Відсутність холодного водопостачання', '  ВІДСУТНІСТЬ   гарячого водопостачання ', 'Щось зовсім інше']));
    expect(summary).toMatchObject({ new: 3, unclassified: 1, unmapped: [{ text: 'Щось зовсім інше', count: 1 }] });
    expect(Object.values(await topicsOf())).toEqual(['HS.01', 'HS.02', 'OT.00']);
  });

  it('when the admin asks for suggestions for the unmapped texts, then each gets our closest topics, best first', async () => {
    const res = await t.fetch('/api/imports/topic-map/suggestions', { method: 'POST', cookie: admin.cookie, json: { texts: ['Відсутнє холодне водопостачання', 'Ремонт дороги'] } });
    expect(res.status).toBe(200);
    const { items } = await body(res);
    expect(items.map((i: { text: string }) => i.text)).toEqual(['Відсутнє холодне водопостачання', 'Ремонт дороги']);
    expect(items[0].suggestions[0]).toMatchObject({ code: 'HS.01', name: 'Відсутність холодного водопостачання' });
    expect(items[1].suggestions.map((s: { code: string }) => s.code)).toContain('LS.01');
  });

  it('when the admin maps a text in the console, then the map lists it, the next import uses it, and the change is audited', async () => {
    const put = await t.fetch('/api/imports/topic-map', { method: 'PUT', cookie: admin.cookie, json: { format: 'ukc1545', lines: [{ text: 'Щось зовсім інше', topicCode: 'LS.02' }] } });
    expect(put.status).toBe(200);
    expect(await body(put)).toEqual({ written: 1 });
    const map = await body(await t.fetch('/api/imports/topic-map?format=ukc1545', { cookie: admin.cookie }));
    expect(map.items).toContainEqual({ text: 'Щось зовсім інше', topicCode: 'LS.02', topicName: expect.any(String) });
    const summary = await upload(await fileWith('again.csv', ['Щось зовсім інше']));
    expect(summary).toMatchObject({ unclassified: 0 });
    const [audit] = await t.db.dataSource.query(`SELECT action, entity FROM audit_log WHERE entity = 'topic_map'`);
    expect(audit).toEqual({ action: 'update', entity: 'topic_map' });
  });

  it('when a line names an unknown topic or is empty, then 400 names it and nothing is written; other roles get 403', async () => {
    const bad = await t.fetch('/api/imports/topic-map', { method: 'PUT', cookie: admin.cookie,
      json: { format: 'ukc1545', lines: [{ text: 'Нове питання', topicCode: 'HS.01' }, { text: 'Ще одне', topicCode: 'XX.99' }] } });
    expect(bad.status).toBe(400);
    expect((await body(bad)).error.fields).toEqual({ 'lines.1.topicCode': expect.stringContaining('XX.99') });
    expect((await t.db.dataSource.query(`SELECT 1 FROM import_topic_maps WHERE text = 'Нове питання'`)).length).toBe(0);
    expect((await t.fetch('/api/imports/topic-map', { method: 'PUT', cookie: admin.cookie, json: { format: 'ukc1545', lines: [{ text: ' ', topicCode: 'HS.01' }] } })).status).toBe(400);
    const agent = await t.login({ role: 'agent' });
    expect((await t.fetch('/api/imports/topic-map?format=ukc1545', { cookie: agent.cookie })).status).toBe(403);
  });
});
