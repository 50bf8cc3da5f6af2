import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, hasChromium, launchBrowser, screenshot, type Browser } from '../setup/browser';

let bed: CallsTestbed;
let browser: Browser;
let agentId: number;

const seconds = (text: string | null) => {
  const [m, s] = (text ?? '').trim().split(':').map(Number);
  return m * 60 + s;
};

describe('the supervisor following a queue live (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001', 'PJSIP/1002'] }] }, { clientDir });
    agentId = (await bed.t.login({ role: 'agent', username: 'olena', fullName: 'Олена Агент', interface: 'PJSIP/1001' })).user.id;
    await bed.t.login({ role: 'supervisor', username: 'sofia', fullName: 'Софія Супервізор', password: 'password123' });
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

  it('when a call waits, its wait ticks; when it is answered the counters and the agent grid change; an AMI outage greys the page', async () => {
    const { page } = browser;
    const row = page.locator(`[data-test=agent-${agentId}]`);
    await row.locator('[data-test=state][data-state=available]').waitFor();
    await bed.telephony.pause('PJSIP/1001', true, 'break');
    await bed.telephony.pause('PJSIP/1002', true, 'break');
    await row.locator('[data-test=state][data-state=paused]').waitFor();

    const placed = bed.sim.placeCall({ from: '+380671234500', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 300, talkMs: 2500 });
    const waiting = page.locator(`[data-test="waiting-${placed.callId}"]`);
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain('+380671234500');
    // The server sent the join time once; the page ticks on its own.
    const firstWait = seconds(await waiting.locator('[data-test=wait]').textContent());
    const wait = waiting.locator('[data-test=wait]');
    await expect.poll(async () => seconds(await wait.textContent()), { timeout: 10_000, interval: 200 }).toBeGreaterThanOrEqual(firstWait + 2);
    expect(seconds(await page.locator('[data-test=queue-support] [data-test=longest-wait]').textContent())).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'supervisor-1-caller-waiting');

    await bed.telephony.pause('PJSIP/1001', false);
    await row.locator('[data-test=state][data-state=in_call]').waitFor();
    await waiting.waitFor({ state: 'detached' });
    expect(await row.locator('[data-test=with-whom]').textContent()).toContain('+380671234500');
    await page.locator('[data-test=queue-support] [data-test=answered]', { hasText: '1' }).waitFor();
    await screenshot(page, 'supervisor-2-answered');

    await row.locator('[data-test=answered-today]', { hasText: '1' }).waitFor();
    await row.locator('[data-test=state]:not([data-state=in_call])').waitFor();
    expect(await page.locator('[data-test=queue-support] [data-test=offered]').textContent()).toBe('1');

    bed.sim.setOffline(true);
    await page.locator('[data-test=live-stale]').waitFor();
    expect(await page.locator('[data-test=live-body].stale').count()).toBe(1);
    await screenshot(page, 'supervisor-3-pbx-down');
    bed.sim.setOffline(false);
    await page.locator('[data-test=live-stale]').waitFor({ state: 'detached', timeout: 15_000 });
    await bed.telephony.pause('PJSIP/1002', false);
  }, 120_000);
});
