import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ukcTopicMapCsv, writeUkcFile } from '../../db/seed/appeal-files';
import { loadTopicMap } from '../../server/imports/topic-map';
import { startTestApp, type TestApp } from '../setup/app';
import { builtConsole, hasChromium, launchBrowser, screenshot, type Browser } from '../setup/browser';

let t: TestApp;
let browser: Browser;
let dir: string;

describe('the import page and the yearly report page (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    t = await startTestApp({ clientDir: await builtConsole() });
    await t.login({ role: 'supervisor', username: 'svitlana', fullName: 'Світлана Супервізор', password: 'password123' });
    dir = await mkdtemp(path.join(tmpdir(), 'hc-e2e-import-'));
    await writeFile(path.join(dir, 'map.csv'), ukcTopicMapCsv());
    await loadTopicMap(t.db.dataSource, 'ukc1545', path.join(dir, 'map.csv'));
    await writeUkcFile(path.join(dir, 'ukc-bad.csv'), { rows: 40, badDateRows: [17] });
    await writeUkcFile(path.join(dir, 'ukc-2021.csv'), { rows: 120, year: 2021, unmappedEvery: 30 });
    await writeUkcFile(path.join(dir, 'ukc-2020.csv'), { rows: 150, year: 2020, firstNumber: 2 });
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('[data-test=login-username]', 'svitlana');
    await page.fill('[data-test=login-password]', 'password123');
    await page.click('[data-test=login-submit]');
    await page.locator('[data-test=nav-imports]').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('when a supervisor dry-runs a file with a bad row, then the page names it; a clean file is then imported and listed', async () => {
    const { page } = browser;
    await page.click('[data-test=nav-imports]');
    await page.setInputFiles('[data-test=import-file]', path.join(dir, 'ukc-bad.csv'));
    await page.click('[data-test=import-submit]');
    const errors = page.locator('[data-test=import-errors] tbody tr');
    await errors.first().waitFor();
    expect(await errors.allInnerTexts()).toEqual([expect.stringMatching(/^17\s+Створено\s+Це не дата: 31\.02\.2021 10:00$/)]);
    await screenshot(page, 'import-1-bad-row');

    for (const file of ['ukc-2020.csv', 'ukc-2021.csv']) {
      await page.uncheck('[data-test=import-dry-run]');
      await page.setInputFiles('[data-test=import-file]', path.join(dir, file));
      await page.click('[data-test=import-submit]');
      await page.locator(`[data-test=import-records] td[title]:text-is("${file}")`).waitFor();
    }
    expect(await page.locator('[data-test=import-counts]').innerText()).toContain('нових: 120');
    expect(await page.locator('[data-test=import-unmapped]').innerText()).toContain('4 × Питання, якого немає в мапі');
    await screenshot(page, 'import-2-imported');
    // The unmapped text goes into the map from the page: the next import classifies it.
    await page.selectOption('[data-test=topic-map-choice-0]', 'LS.02');
    await page.click('[data-test=topic-map-save]');
    expect(await page.locator('[data-test=topic-map-message]').innerText()).toContain('1');
    expect(await t.db.dataSource.query(`SELECT topic_code AS code FROM import_topic_maps WHERE text = 'Питання, якого немає в мапі'`)).toEqual([{ code: 'LS.02' }]);
    expect((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM requests WHERE source = 'ukc1545'`))[0].n).toBe(270);
  });

  it('when the supervisor opens the 2021 report, then it reads like the decision, with charts, the form and exports', async () => {
    const { page } = browser;
    await page.click('[data-test=nav-group-reports]');
    await page.click('[data-test=nav-yearly-report]');
    await page.fill('[data-test=report-year]', '2021');
    await page.click('[data-test=report-show]');
    await page.locator('[data-test=report-appeals]:has-text("120")').waitFor();
    expect(await page.locator('[data-test=report-appeals]').innerText()).toMatch(/У 2021 році надійшло 120 звернень \(у 2020 — 150\)\s*\(-20 %\)/);
    const table1 = await page.locator('[data-test=report-table1] tbody tr').first().innerText();
    expect(table1.split('\t')).toEqual(['Кількість усіх звернень', '150', '120']);
    expect(await page.locator('[data-test=report-table3]').innerText()).toContain('Урядовий контактний центр 1545');
    await screenshot(page, 'report-2021');
    const xlsx = await page.request.get(await page.locator('[data-test=report-xlsx]').getAttribute('href').then((h) => `${t.baseUrl}${h}`));
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  });
});
