import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallsTestbed, telephonyEvent, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, hasChromium, launchBrowser, screenshot, type Browser } from '../setup/browser';

let bed: CallsTestbed;
let browser: Browser;

// The supervisor's day at a glance: one service level, named and defined, the same on the live page and the
// wallboard; the PBX's figures only behind "compare"; the day's half hours and the overdue executors as charts.
describe('the supervisor’s pictures (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001'] }] }, { clientDir });
    await bed.t.login({ role: 'supervisor', username: 'sofia', fullName: 'Софія Супервізор', password: 'password123' });
    const placed = bed.sim.placeCall({ from: '+380677770099', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 200, talkMs: 300 });
    await telephonyEvent(bed.telephony, (e) => e.name === 'call:ended' && e.callId === placed.callId);
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(`${bed.t.baseUrl}/login`);
    await page.fill('[data-test=login-username]', 'sofia');
    await page.fill('[data-test=login-password]', 'password123');
    await page.click('[data-test=login-submit]');
    await page.locator('[data-test=queue-support]').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('when the supervisor looks at the live page and the wallboard, then both show one service level with its definition in words, and the day as a chart', async () => {
    const { page } = browser;
    const live = page.locator('[data-test=queue-support]');
    const definition = (await live.locator('[data-test=service-level-definition]').textContent()) ?? '';
    expect(definition).toContain('20 с');
    expect(definition).toContain('5 с');
    await live.locator('[data-test=service-level]', { hasText: '100 %' }).waitFor();
    // Asterisk's SL / SL2 are there only on request.
    expect(await live.locator('[data-test=asterisk-figures]').isVisible()).toBe(false);
    await live.locator('[data-test=pbx-compare] summary').click();
    await live.locator('[data-test=asterisk-figures]').waitFor();
    await live.locator('[data-test=day-chart-support] canvas').waitFor();
    await screenshot(page, 'pictures-1-live');

    await page.goto(`${bed.t.baseUrl}/wallboard`);
    const wall = page.locator('[data-test=wall-support]');
    expect(await wall.locator('[data-test=service-level-definition]').textContent()).toBe(definition);
    await wall.locator('[data-test=service-level]', { hasText: '100 %' }).waitFor();
    expect(await wall.locator('[data-test=asterisk-figures]').count()).toBe(0);
    await wall.locator('[data-test=day-chart-support] canvas').waitFor();
    await screenshot(page, 'pictures-2-wallboard');
  }, 120_000);

  it('when the supervisor opens the overdue page, then the executors with overdue requests are a bar chart', async () => {
    const { page } = browser;
    const [topic] = await bed.t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL ORDER BY code LIMIT 1');
    const [executor] = await bed.t.db.dataSource.query('SELECT id FROM executors ORDER BY id LIMIT 1');
    await bed.t.db.dataSource.query(
      `INSERT INTO requests (number, received_at, source, topic_code, description, executor_id, status, due_at)
       VALUES ('OV-1', now() - interval '30 days', 'call', $1, 'Яма на дорозі', $2, 'assigned', now() - interval '10 days')`, [topic.code, executor.id]);
    await page.goto(`${bed.t.baseUrl}/overdue`);
    await page.locator('[data-test=overdue-chart] canvas').waitFor();
    expect(await page.locator('[data-test=overdue-chart] figure').getAttribute('aria-label')).toMatch(/1/);
    await screenshot(page, 'pictures-3-overdue');
  }, 120_000);
});
