import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCitizen, startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, hasChromium, launchBrowser, loginAs, screenshot, type Browser } from '../setup/browser';

const PHONE = '+380677770031';
let bed: CallsTestbed;
let agent: Browser;
let supervisor: Browser;
let citizen: Awaited<ReturnType<typeof seedCitizen>>;

/** Issue 25, items 4 and 5 in the console: a notice published and read live, a repeat caller added to their request. */
describe('notices and repeat callers in the console (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001'] }] }, { clientDir, calls: { deadlineMs: 5_000 } });
    await bed.t.login({ role: 'agent', username: 'olena', fullName: 'Олена Агент', interface: 'PJSIP/1001', password: 'password123' });
    await bed.t.login({ role: 'agent', username: 'taras', fullName: 'Тарас Агент', password: 'password123' });
    await bed.t.login({ role: 'supervisor', username: 'sofia', fullName: 'Софія Супервізор', password: 'password123' });
    citizen = await seedCitizen(bed.t, PHONE);
    const ds = bed.t.db.dataSource;
    await ds.query(`INSERT INTO calls (id, caller_number, queue, queued_at, outcome, citizen_id) VALUES
      ('e2e-earlier-1', $1, 'support', now() - interval '8 days', 'answered', $2), ('e2e-earlier-2', $1, 'support', now() - interval '2 days', 'answered', $2)`,
    [PHONE, citizen.citizenId]);
    await ds.query(`INSERT INTO call_requests (call_id, request_id) VALUES ('e2e-earlier-1', $1), ('e2e-earlier-2', $1)`, [citizen.open.id]);
    [agent, supervisor] = await Promise.all([launchBrowser(), launchBrowser()]);
    await loginAs(agent.page, bed.t.baseUrl, 'olena', 'password123');
    const { page } = supervisor;
    await page.goto(`${bed.t.baseUrl}/login`);
    await page.fill('[data-test=login-username]', 'sofia');
    await page.fill('[data-test=login-password]', 'password123');
    await page.click('[data-test=login-submit]');
    await page.waitForURL(/\/live/);
  }, 240_000);

  afterAll(async () => {
    await agent?.close();
    await supervisor?.close();
  });

  it('when the supervisor publishes a notice on a topic, then the agent on the calls page sees it arrive, reads it and acknowledges it, and the supervisor sees who has not', async () => {
    const s = supervisor.page;
    await s.goto(`${bed.t.baseUrl}/notices`);
    await s.fill('[data-test=notice-title]', 'Ремонт покрівель: графік на тиждень');
    await s.selectOption('[data-test=notice-kind]', 'problem');
    await s.fill('[data-test=notice-body]', 'Покрівлі будинків на вул. Лермонтова ремонтують до п’ятниці. Заявки про протікання приєднуйте до наявних.');
    await s.fill('[data-test=topic-search]', citizen.topicCode);
    await s.click(`[data-test="topic-option-${citizen.topicCode}"]`);
    await screenshot(s, 'notices-1-supervisor-form');
    await s.click('[data-test=notice-publish]');
    const published = s.locator('[data-test=notice-item]', { hasText: 'Ремонт покрівель' });
    await published.waitFor();

    const a = agent.page;
    const unread = a.locator('[data-test=unread-notice]', { hasText: 'Ремонт покрівель' });
    await unread.waitFor();
    await unread.locator('summary').click();
    await a.locator('[data-test=unread-notices]', { hasText: 'Покрівлі будинків' }).waitFor();
    await screenshot(a, 'notices-2-agent-unread');
    await unread.locator('[data-test=notice-ack]').click();
    await unread.waitFor({ state: 'detached' });

    await published.locator('[data-test=notice-readers]').click();
    const notRead = published.locator('[data-test=notice-not-read]');
    await notRead.waitFor();
    expect((await notRead.textContent()) ?? '').toContain('Тарас Агент');
    expect((await notRead.textContent()) ?? '').not.toContain('Олена Агент');
    expect(await published.locator('[data-test=notice-acks]').textContent()).toContain('1 з 2');
    await screenshot(s, 'notices-3-who-has-not-read');
  }, 120_000);

  it('when a citizen rings a third time about an open request, then the card says so with the notice on its topic, and the agent adds the call to that request, which goes on the escalation list', async () => {
    const a = agent.page;
    const placed = bed.sim.placeCall({ from: PHONE, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 1500, talkMs: 600_000 });
    const line = a.locator('[data-test=card-escalation]');
    await line.waitFor();
    expect(await line.textContent()).toContain(`Щодо заявки ${citizen.open.number} вже дзвонили 2 рази`);
    expect(await a.locator('[data-test=card-notice]').allTextContents()).toEqual(['Ремонт покрівель: графік на тиждень']);
    await a.locator('[data-test=answer-state][data-state=answered]').waitFor();
    await screenshot(a, 'notices-4-repeat-caller-card');
    await a.click('[data-test=escalation-attach]');
    await a.locator('[data-test=notice]').waitFor();
    const [call] = await bed.t.db.dataSource.query('SELECT wrap_up_kind FROM calls WHERE id = $1', [placed.callId]);
    expect(call).toEqual({ wrap_up_kind: 'attached' });
    bed.sim.hangup(placed.channel);
    await a.locator('[data-test=idle]').waitFor();

    const s = supervisor.page;
    await s.goto(`${bed.t.baseUrl}/escalations`);
    const row = s.locator(`[data-test=escalation][data-request-id="${citizen.open.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Дзвонили 3 рази');
    await screenshot(s, 'notices-5-escalation-list');
    await row.locator('[data-test=escalation-resolve]').click();
    await s.locator('[data-test=escalations-empty]').waitFor();
  }, 120_000);
});
