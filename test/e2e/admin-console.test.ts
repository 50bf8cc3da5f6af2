import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';
import { builtConsole, hasChromium, launchBrowser, screenshot, type Browser } from '../setup/browser';

let t: TestApp;
let browser: Browser;
let supervisorCookie: string;

async function signIn(page: Browser['page'], username: string): Promise<void> {
  await page.goto(`${t.baseUrl}/login`);
  await page.fill('[data-test=login-username]', username);
  await page.fill('[data-test=login-password]', 'password123');
  await page.click('[data-test=login-submit]');
  await page.locator('[data-test=current-user]').waitFor();
}

/** Issue 22, items 6 and 11: what the admin and the supervisor could not do from the console. */
describe('the admin\'s users page, /live for admins, and a new request from the citizen\'s page (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    t = await startTestApp({ clientDir: await builtConsole(), loginLimits: { perAccount: 2, baseMs: 60_000 } });
    await t.login({ role: 'admin', username: 'chief', fullName: 'Головний Адміністратор' });
    supervisorCookie = (await t.login({ role: 'supervisor', username: 'svitlana', fullName: 'Світлана Супервізор' })).cookie;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('when a user is locked out and another deactivated, then the admin sees the lock, unlocks one and reactivates the other', async () => {
    await t.login({ role: 'agent', username: 'marta' });
    for (let i = 0; i < 3; i++) await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'marta', password: 'wrong-password' } });
    expect((await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'marta', password: 'password123' } })).status).toBe(429);
    const leaving = await t.login({ role: 'agent', username: 'leaving' });
    const admin = await t.login({ role: 'admin', username: 'second-admin' });
    await t.fetch(`/api/users/${leaving.user.id}/deactivate`, { method: 'POST', cookie: admin.cookie });

    const { page } = browser;
    await signIn(page, 'chief');
    await page.locator('[data-test=users-page]').waitFor();
    await page.selectOption('#us-active', '');
    await page.locator('[data-test=user-lock-marta]').waitFor();
    await screenshot(page, 'admin-1-locked-and-inactive');
    await page.click('[data-test=user-unlock-marta]');
    await page.locator('[data-test=user-lock-marta]').waitFor({ state: 'detached' });
    expect(await page.locator('[data-test=users-message]').innerText()).toContain('marta');
    expect((await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'marta', password: 'password123' } })).status).toBe(200);

    await page.click('[data-test=user-reactivate-leaving]');
    await page.locator('[data-test=user-deactivate-leaving]').waitFor();
    expect((await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'leaving', password: 'password123' } })).status).toBe(200);
    await screenshot(page, 'admin-2-unlocked-and-reactivated');
  }, 120_000);

  it('when the admin follows the menu to the live page, then it opens with the queues', async () => {
    const { page } = browser;
    // The admin's menu is grouped: the live page sits under "Наживо".
    await page.click('[data-test=nav-group-live]');
    await page.click('[data-test=nav-live-queues]');
    await page.locator('[data-test=live-queues]').waitFor();
    expect(page.url()).toMatch(/\/live$/);
    await page.click('[data-test=logout]');
  }, 60_000);

  it('when the supervisor opens a citizen and asks for a new request, then the form comes filled with the citizen and saves under them', async () => {
    const first = await body(await t.fetch('/api/requests', { method: 'POST', cookie: supervisorCookie,
      json: { citizen: { fullName: 'Коваль Ірина Петрівна', phone: '050 444 0001', address: 'вул. Свято-Миколаївська, 10, кв. 5' }, topicCode: 'HS.11', description: 'Немає холодної води', source: 'call' } }));
    const citizenId = first.citizen.id;
    const { page } = browser;
    await signIn(page, 'svitlana');
    await page.goto(`${t.baseUrl}/citizens/${citizenId}`);
    await page.click('[data-test=citizen-new-request]');
    await page.locator('[data-test=request-form]').waitFor();
    expect(await page.inputValue('[data-test=form-full-name]')).toBe('Коваль Ірина Петрівна');
    expect(await page.inputValue('[data-test=form-phone]')).toBe('+380504440001');
    const [topic] = await t.db.dataSource.query(`SELECT code FROM topics WHERE parent_code IS NOT NULL AND active AND code <> 'HS.11' ORDER BY code LIMIT 1`);
    await page.fill('[data-test=topic-search]', topic.code);
    await page.click(`[data-test="topic-option-${topic.code}"]`);
    await page.fill('[data-test=form-description]', 'Не працює ліфт у під’їзді');
    await screenshot(page, 'citizen-new-request');
    await page.click('[data-test=form-submit]');
    const anyway = page.locator('[data-test=form-save-anyway]');
    // the intake check may ask to confirm first (a second request of this citizen)
    await Promise.race([page.waitForURL(/\/requests\/\d+$/), anyway.waitFor()]);
    if (await anyway.isVisible()) await anyway.click();
    await page.waitForURL(/\/requests\/\d+$/);
    const id = Number(page.url().split('/').pop());
    const [saved] = await t.db.dataSource.query('SELECT citizen_id AS "citizenId", topic_code AS topic FROM requests WHERE id = $1', [id]);
    expect(saved).toEqual({ citizenId, topic: topic.code });
  }, 120_000);
});
