import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../setup/app';
import { builtConsole, hasChromium, launchBrowser, screenshot, type Browser } from '../setup/browser';

let t: TestApp;
let browser: Browser;

const postLamp = (key: string) => fetch(`${t.baseUrl}/open311/v2/requests.json`, {
  method: 'POST',
  body: new URLSearchParams({ api_key: key, service_code: 'LS.02', address_string: 'вул. Шурупова, 2', description: 'Не світить ліхтар', 'attribute[lamp_state]': 'dark' }),
});

/** Issue 26, item 4: an admin makes a partner's Open311 key in the console, sees it once, and revokes it. */
describe('the admin\'s API keys page (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    t = await startTestApp({ clientDir: await builtConsole() });
    await t.login({ role: 'admin', username: 'keeper', fullName: 'Адміністратор Ключів' });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('when the admin creates a key, then it is shown once and works; once revoked, the API refuses it', async () => {
    const { page } = browser;
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('[data-test=login-username]', 'keeper');
    await page.fill('[data-test=login-password]', 'password123');
    await page.click('[data-test=login-submit]');
    await page.locator('[data-test=current-user]').waitFor();
    await page.click('[data-test=nav-group-administration]');
    await page.click('[data-test=nav-admin-api-keys]');
    await page.locator('[data-test=api-keys-empty]').waitFor();

    await page.fill('[data-test=api-keys-name]', 'Міський сайт');
    await page.fill('[data-test=api-keys-rate]', '30');
    await page.click('[data-test=api-keys-create]');
    const key = (await page.locator('[data-test=api-keys-key]').innerText()).trim();
    expect(key).toMatch(/^hc311_[\w-]{43}$/);
    const row = page.locator('[data-test=api-keys-row]');
    expect(await row.innerText()).toContain('Міський сайт');
    expect(await row.innerText()).not.toContain(key);
    await screenshot(page, 'api-keys-1-made');

    const posted = await postLamp(key);
    expect(posted.status).toBe(200);
    // The list, read again, never holds the key: only its beginning.
    await page.reload();
    await page.locator('[data-test=api-keys-row]').waitFor();
    expect(await page.content()).not.toContain(key);
    expect(await page.locator('[data-test=api-keys-made]').count()).toBe(0);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-test=api-keys-revoke]');
    await page.locator('[data-test=api-keys-row][data-revoked=true]').waitFor();
    await screenshot(page, 'api-keys-2-revoked');
    expect((await postLamp(key)).status).toBe(403);
  }, 120_000);
});
