import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, startTestApp, type TestApp } from '../setup/app';
import { builtConsole, hasChromium, launchBrowser, screenshot, type Browser } from '../setup/browser';

/* eslint-disable @typescript-eslint/no-explicit-any */
let t: TestApp;
let citizen: Browser;
let executor: Browser;
let request: any;

describe('the status page, from the citizen to the executor (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error("the browser tests need Debian's chromium: apt-get install -y chromium");
    t = await startTestApp({ clientDir: await builtConsole() });
    const agent = await t.login({ role: 'agent' });
    const water = await t.login({ role: 'executor', executor: 'WATER', username: 'vodokanal', password: 'password123' });
    const created = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: 'Лисенко Ганна', phone: '097 123 4567' }, topicCode: 'HS.11', description: 'Немає холодної води', address: 'вул. Пушкіна, 3', source: 'call' },
    });
    request = await body(created);
    await t.fetch(`/api/requests/${request.id}/transitions`, { method: 'POST', cookie: water.cookie, json: { action: 'start' } });
    await t.fetch(`/api/requests/${request.id}/transitions`, { method: 'POST', cookie: water.cookie, json: { action: 'complete', result: 'resolved', answer: 'Засувку відкрито' } });
    citizen = await launchBrowser();
    executor = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await citizen?.close();
    await executor?.close();
  });

  it('when the citizen says "not fixed" on the status page, then the request is back in the executor\'s list for rework', async () => {
    const { page } = citizen;
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    // The link every notice carries: the number filled in, the digits typed by the citizen.
    await page.goto(`${t.baseUrl}/status?number=${request.number}`);
    await page.fill('input[name=phone4]', '4567');
    await page.click('[data-test=status-lookup] button[type=submit]');
    await page.locator('[data-test=status-value][data-status=done]').waitFor();
    const shown = await page.locator('[data-test=status-result]').textContent();
    expect(shown).toContain('Засувку відкрито');
    expect(shown).not.toMatch(/Лисенко|Ганна|4567|Немає холодної води/);
    await screenshot(page, 'status-1-done');

    await page.fill('[data-test=status-comment]', 'Вода так і не йде');
    await page.click('[data-test=status-not-fixed]');
    await page.locator('[data-test=status-value][data-status=returned]').waitFor();
    expect(await page.locator('[data-test=status-message]').textContent()).toContain('доопрацювання');
    expect(await page.locator('[data-test=status-verdict]').count()).toBe(0);
    expect(scripts).toEqual([]); // nothing of the console was loaded
    await screenshot(page, 'status-2-returned');

    const p = executor.page;
    await p.goto(`${t.baseUrl}/login`);
    await p.fill('[data-test=login-username]', 'vodokanal');
    await p.fill('[data-test=login-password]', 'password123');
    await p.click('[data-test=login-submit]');
    await p.locator('[data-test=request-filters]').waitFor();
    await p.selectOption('[data-test=filter-status]', 'returned');
    const row = p.locator('[data-test=request-row]', { hasText: request.number });
    await row.waitFor({ timeout: 15_000 });
    await row.locator('[data-test=request-row-number]').click();
    await p.locator('[data-test=timeline], [data-test=request-timeline]').first().waitFor();
    expect(await p.textContent('body')).toContain('Вода так і не йде');
    await screenshot(p, 'status-3-executor-rework');
  }, 120_000);

  it('when a supervisor records the citizen\'s consent to SMS on the request page, then the notice appears there as not delivered yet', async () => {
    await t.login({ role: 'supervisor', username: 'olha', password: 'password123' });
    const p = executor.page;
    await p.context().clearCookies();
    await p.goto(`${t.baseUrl}/login`);
    await p.fill('[data-test=login-username]', 'olha');
    await p.fill('[data-test=login-password]', 'password123');
    await p.click('[data-test=login-submit]');
    await p.waitForURL((url) => !url.pathname.startsWith('/login'));
    await p.goto(`${t.baseUrl}/requests/${request.id}`);
    await p.locator('[data-test=request-notices]').waitFor();
    expect(await p.locator('[data-test=request-notice]').count()).toBe(0);
    await p.click('[data-test=consent-sms-on]');
    await p.locator('[data-test=consent-sms][data-consented=yes]').waitFor();
    // No job queue runs in this test: the notice waits in the outbox, and the page says so.
    await p.reload();
    await p.locator('[data-test=request-notice][data-channel=sms][data-state=waiting]').waitFor();
    await screenshot(p, 'status-4-request-notices');
  }, 60_000);
});
