import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, hasChromium, launchBrowser, loginAs, screenshot, type Browser } from '../setup/browser';

const PHONE = '+380677770044';
let bed: CallsTestbed;
let agent: Browser;

describe('the agent’s call on every page (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001'] }] }, { clientDir });
    await bed.t.login({ role: 'agent', username: 'oksana', fullName: 'Оксана Агент', interface: 'PJSIP/1001', password: 'password123' });
    agent = await launchBrowser();
    await loginAs(agent.page, bed.t.baseUrl, 'oksana', 'password123');
  }, 240_000);

  afterAll(async () => {
    await agent?.close();
  });

  it('when an agent on a call opens Requests, then the bar shows the call with its duration, hangs it up, and says the wrap-up is due', async () => {
    const { page } = agent;
    const placed = bed.sim.placeCall({ from: PHONE, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 500, talkMs: 600_000 });
    await page.locator('[data-test=answer-state][data-state=answered]').waitFor();
    await page.click('[data-test=nav-requests]');

    const bar = page.locator('[data-test=call-bar]');
    await bar.locator('[data-test=call-bar-state][data-state=in_call]').waitFor();
    expect(await bar.locator('[data-test=call-bar-caller]').textContent()).toContain(PHONE);
    await bar.locator('[data-test=call-bar-duration]', { hasText: /00:0[1-9]/ }).waitFor();
    // The pause control comes with it, a reason already chosen.
    expect(await bar.locator('[data-test=pause-reason-select]').inputValue()).toBe('break');
    expect(await bar.locator('[data-test=pause]').isDisabled()).toBe(false);
    await screenshot(page, 'call-bar-1-requests-in-call');

    await bar.locator('[data-test=call-bar-hangup]').click();
    await bar.locator('[data-test=call-bar-state][data-state=wrap_up]').waitFor();
    await bar.locator('[data-test=call-bar-wrap-up]').waitFor();
    const [row] = await eventually(async () => {
      const rows = await bed.t.db.dataSource.query('SELECT hangup_by FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [placed.callId]);
      return rows.length ? rows : null;
    }, 'the call ended in the log');
    expect(row.hangup_by).toBe('console');
    await screenshot(page, 'call-bar-2-wrap-up-due');

    await bar.locator('[data-test=call-bar-wrap-up]').click();
    await page.locator('[data-test=wrap-up]').waitFor();
    expect(await page.locator('[data-test=call-bar]').count()).toBe(0);
  }, 120_000);
});
