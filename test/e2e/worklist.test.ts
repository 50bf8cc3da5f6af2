import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, hasChromium, launchBrowser, loginAs, screenshot, type Browser } from '../setup/browser';

const CALLER = '+380675557711';
let bed: CallsTestbed;
let agent: Browser;

describe('the abandoned-caller worklist in the console (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    // The caller waits in a queue the agent is not in, and hangs up before anyone answers.
    bed = await startCallsTestbed(
      { queues: [{ name: 'support', members: ['PJSIP/1001'] }, { name: 'night', members: ['PJSIP/1009'] }], citizens: () => ({ outcome: 'answer', ringMs: 300, talkMs: 1500 }) },
      { clientDir, worklistNotifyDelayMs: 200 },
    );
    await bed.t.login({ role: 'agent', username: 'olena', fullName: 'Олена Агент', interface: 'PJSIP/1001', password: 'password123' });
    agent = await launchBrowser();
    await loginAs(agent.page, bed.t.baseUrl, 'olena', 'password123');
  }, 240_000);

  afterAll(async () => {
    await agent?.close();
  });

  it('when a caller hangs up in the queue, then the agent sees them between calls, calls back, records "reached", and the entry is gone', async () => {
    const { page } = agent;
    await page.locator('[data-test=worklist-empty]').waitFor();
    bed.sim.placeCall({ from: CALLER, queue: 'night', ringMs: 60_000, abandonAfterMs: 400 });

    const row = page.locator(`[data-test=worklist-row][data-number="${CALLER}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('[data-test=worklist-attempts]').textContent()).toBe('1');
    await screenshot(page, 'worklist-1-missed-caller');

    await row.locator('[data-test=worklist-call]').click();
    // On the call the worklist gives way to the call card; the citizen answers and hangs up by themselves.
    await page.locator('[data-test=answer-state][data-state=answered]').waitFor();
    expect(await page.locator('[data-test=worklist]').count()).toBe(0);

    // The callback reached the citizen: its wrap-up is the outcome the worklist asks for (issue 20 item 7).
    const awaiting = page.locator('[data-test=worklist-awaiting]');
    await awaiting.waitFor({ timeout: 15_000 });
    expect(await awaiting.textContent()).toContain(CALLER);
    await screenshot(page, 'worklist-2-outcome-asked');
    await page.click('[data-test=awaiting-outcome-reached]');
    await awaiting.waitFor({ state: 'detached' });
    await page.locator('[data-test=idle]').waitFor({ timeout: 15_000 });
    await page.locator('[data-test=worklist-empty]').waitFor();
    expect(await row.count()).toBe(0);
    await screenshot(page, 'worklist-3-done');

    const outcomes = await bed.t.db.dataSource.query('SELECT o.phone, o.outcome, u.username, c.direction FROM abandoned_outcomes o JOIN users u ON u.id = o.user_id JOIN calls c ON c.id = o.call_id');
    expect(outcomes).toEqual([{ phone: CALLER, outcome: 'reached', username: 'olena', direction: 'out' }]);
  }, 120_000);
});
