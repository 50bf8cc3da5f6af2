import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCitizen, startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { body } from '../setup/app';
import { builtConsole, hasChromium, launchBrowser, screenshot, type Browser } from '../setup/browser';

const PHONE = '+380677770021';
let bed: CallsTestbed;
let agent: Browser;
let executor: Browser;

async function logIn(b: Browser, username: string, landing: string): Promise<string[]> {
  const errors: string[] = [];
  b.page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await b.page.goto(`${bed.t.baseUrl}/login`);
  await b.page.locator('[data-test=login-form]').waitFor();
  await b.page.fill('[data-test=login-username]', username);
  await b.page.fill('[data-test=login-password]', 'password123');
  await b.page.click('[data-test=login-submit]');
  await b.page.locator(landing).waitFor();
  await b.page.locator('[data-test=connection]', { hasText: /./ }).waitFor();
  return errors;
}

describe('a whole shift in the console (real Chromium)', () => {
  let agentErrors: string[];
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001'] }] }, { clientDir });
    await bed.t.login({ role: 'agent', username: 'olena', fullName: 'Олена Агент', interface: 'PJSIP/1001', password: 'password123' });
    await bed.t.login({ role: 'executor', username: 'vodokanal', fullName: 'Водоканал', executor: 'WATER', password: 'password123' });
    [agent, executor] = await Promise.all([launchBrowser(), launchBrowser()]);
    agentErrors = await logIn(agent, 'olena', '[data-test=status-bar] [data-test=agent-state][data-state=available]');
    await logIn(executor, 'vodokanal', '[data-test=request-total]');
  }, 240_000);

  afterAll(async () => {
    await agent?.close();
    await executor?.close();
  });

  it('when an agent is on the Requests page and a call rings, then a banner shows the caller and open requests, the title flashes, and one click opens the card', async () => {
    expect(agentErrors.filter((e) => /401/.test(e))).toEqual([]);
    const citizen = await seedCitizen(bed.t, PHONE, { fullName: 'Петренко Олена Іванівна', overdueDays: 2 });
    const { page } = agent;
    await page.click('[data-test=nav-requests]');
    await page.locator('[data-test=request-total]').waitFor();
    const titleBefore = await page.title();

    bed.sim.placeCall({ from: PHONE, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 8_000, talkMs: 600_000 });
    const banner = page.locator('[data-test=incoming-banner]');
    await banner.waitFor();
    expect(await page.locator('[data-test=banner-caller]').textContent()).toContain('Петренко Олена Іванівна');
    expect(await page.locator('[data-test=banner-requests]').textContent()).toContain(citizen.open.number);
    await titleBecomes(agent, (title) => title !== titleBefore && title.includes('Петренко'));
    await screenshot(page, 'shift-1-banner-on-requests');

    await page.click('[data-test=banner-open]');
    await page.locator('[data-test=call-card] [data-test=request-number]').first().waitFor();
    expect(page.url()).toMatch(/\/calls$/);
    expect(await banner.count()).toBe(0);
    await page.locator('[data-test=answer-state][data-state=answered]').waitFor({ timeout: 30_000 });
    await titleBecomes(agent, (title) => title === titleBefore);
  }, 120_000);

  it('when a supervisor approves an extension while the executor types a comment, then the page updates in place and the text is kept', async () => {
    const supervisor = await bed.t.login({ role: 'supervisor' });
    const staff = await bed.t.login({ role: 'agent' });
    const created = await body(await bed.t.fetch('/api/requests', {
      method: 'POST', cookie: staff.cookie,
      json: { citizen: { fullName: 'Коваль Ірина', phone: '050 444 0001' }, topicCode: 'HS.11', description: 'Немає холодної води', source: 'call' },
    }));
    const asked = await bed.t.fetch(`/api/requests/${created.id}/transitions`, {
      method: 'POST', cookie: (await executorCookie()), json: { action: 'extend', days: 7, reason: 'Чекаємо на арматуру' },
    });
    expect(asked.status).toBe(200);

    const { page } = executor;
    await page.goto(`${bed.t.baseUrl}/requests/${created.id}`);
    await page.locator('[data-test=pending-extension]').waitFor();
    await page.click('button[data-test=transition-comment]');
    await page.fill('textarea[data-test=transition-comment]', 'Бригада виїде завтра о 9:00');

    const approved = await bed.t.fetch(`/api/requests/${created.id}/transitions`, { method: 'POST', cookie: supervisor.cookie, json: { action: 'approve_extension' } });
    expect(approved.status).toBe(200);
    await page.locator('[data-test=request-changes] [data-test=change-dueAt]').waitFor();
    expect(await page.locator('[data-test=pending-extension]').count()).toBe(0);
    expect(await page.inputValue('textarea[data-test=transition-comment]')).toBe('Бригада виїде завтра о 9:00');
    await screenshot(page, 'shift-2-executor-updated-while-typing');

    await page.click('[data-test=transition-submit]');
    await page.locator('[data-test=transition-done]').waitFor();
    const full = await body(await bed.t.fetch(`/api/requests/${created.id}`, { cookie: supervisor.cookie }));
    expect(full.timeline.at(-1)).toMatchObject({ action: 'comment', comment: 'Бригада виїде завтра о 9:00' });
  }, 120_000);
});

/** Polls the tab's title: it flashes while a call rings and comes back once it is answered. */
async function titleBecomes(b: Browser, ok: (title: string) => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok(await b.page.title())) {
    if (Date.now() > deadline) throw new Error(`the title stayed "${await b.page.title()}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The executor's own session, for the ask the browser session then sees approved. */
async function executorCookie(): Promise<string> {
  const res = await bed.t.fetch('/api/auth/login', { method: 'POST', json: { username: 'vodokanal', password: 'password123' } });
  return res.headers.getSetCookie()[0].split(';')[0];
}
