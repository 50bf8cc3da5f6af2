import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCitizen, startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, hasChromium, launchBrowser, loginAs, screenshot, type Browser } from '../setup/browser';

const PHONE = '+380677770011';
let bed: CallsTestbed;
let one: Browser;
let two: Browser;
let citizen: Awaited<ReturnType<typeof seedCitizen>>;

// CI installs Debian's chromium (.ci/run); a machine without it fails here with the one command that fixes it.
describe('a live call in the console (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001', 'PJSIP/1002'] }] }, { clientDir });
    await bed.t.login({ role: 'agent', username: 'olena', fullName: 'Олена Агент', interface: 'PJSIP/1001', password: 'password123' });
    await bed.t.login({ role: 'agent', username: 'taras', fullName: 'Тарас Агент', interface: 'PJSIP/1002', password: 'password123' });
    citizen = await seedCitizen(bed.t, PHONE, { overdueDays: 4, privileged: true });
    [one, two] = await Promise.all([launchBrowser(), launchBrowser()]);
    await Promise.all([loginAs(one.page, bed.t.baseUrl, 'olena', 'password123'), loginAs(two.page, bed.t.baseUrl, 'taras', 'password123')]);
  }, 240_000);

  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  it('when agent 1 is rung by a citizen with an open request, then only their page pops the card; they answer, register a request and wrap up, and a reload mid-call brings the card back', async () => {
    const { page } = one;
    const placed = bed.sim.placeCall({ from: PHONE, name: 'PETRENKO', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 3000, talkMs: 600_000 });

    const number = page.locator('[data-test=call-card] [data-test=request-number]');
    await number.first().waitFor();
    expect(await number.allTextContents()).toContain(citizen.open.number);
    await page.locator('[data-test=overdue-days]').first().waitFor();
    await screenshot(page, 'live-call-1-ringing-card');
    expect(await two.page.locator('[data-test=call-card]').count()).toBe(0);
    expect(await two.page.locator('[data-test=request-number]').count()).toBe(0);
    await screenshot(two.page, 'live-call-2-other-agent-idle');

    await page.locator('[data-test=answer-state][data-state=answered]').waitFor();
    await page.reload();
    await page.locator('[data-test=answer-state][data-state=answered]').waitFor();
    expect(await page.locator('[data-test=call-card] [data-test=request-number]').allTextContents()).toContain(citizen.open.number);
    await page.locator('[data-test=call-timer]').waitFor();
    await screenshot(page, 'live-call-3-after-reload-in-call');

    const [topic] = await bed.t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL AND code <> $1 AND active ORDER BY code DESC LIMIT 1', [citizen.topicCode]);
    await page.click('[data-test=toggle-request-form]');
    await page.locator('[data-test=request-form]').waitFor();
    await page.fill('[data-test=topic-search]', topic.code);
    await page.click(`[data-test="topic-option-${topic.code}"]`);
    await page.fill('[data-test=form-description]', 'Не працює вуличне освітлення біля будинку вже тиждень');
    await screenshot(page, 'live-call-4-request-form');
    await page.click('[data-test=form-submit]');
    const saved = page.locator('[data-test=notice]');
    const anyway = page.locator('[data-test=form-save-anyway]');
    await saved.or(anyway).first().waitFor();
    if (await anyway.isVisible()) await anyway.click();
    await saved.waitFor();

    // Registered during the talk, the call is classified: its end needs no wrap-up and no hold.
    bed.sim.hangup(placed.channel);
    await page.locator('[data-test=idle]').waitFor();
    await page.locator('[data-test=agent-state][data-state=available]').waitFor();
    await screenshot(page, 'live-call-6-done');

    const [call] = await bed.t.db.dataSource.query('SELECT wrap_up_kind, outcome, citizen_id FROM calls WHERE id = $1', [placed.callId]);
    expect(call).toMatchObject({ wrap_up_kind: 'request', citizen_id: citizen.citizenId });
    const links = await bed.t.db.dataSource.query(
      'SELECT r.topic_code FROM call_requests cr JOIN requests r ON r.id = cr.request_id WHERE cr.call_id = $1', [placed.callId]);
    expect(links).toEqual([{ topic_code: topic.code }]);
  }, 120_000);
});
