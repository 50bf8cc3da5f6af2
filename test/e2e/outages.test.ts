import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, seedCitizen, startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, hasChromium, launchBrowser, loginAs, screenshot, type Browser } from '../setup/browser';

const PHONE = '+380677771122'; // lives at вул. Лермонтова, 5 (seedCitizen)
let bed: CallsTestbed;
let agent: Browser;
let boss: Browser;

async function classifiedCallsFrom(street: string, n: number): Promise<void> {
  const ds = bed.t.db.dataSource;
  for (let i = 1; i <= n; i++) {
    const [c] = await ds.query('INSERT INTO citizens (full_name, address) VALUES ($1, $2) RETURNING id', [`Мешканець ${i}`, `${street}, ${i * 2 - 1}`]);
    await ds.query(
      `INSERT INTO calls (id, caller_number, citizen_id, queue, queued_at, answered_at, ended_at, outcome, wrap_up_kind, wrap_up_topic_code, wrapped_up_at)
       VALUES ($1, $2, $3, 'support', now() - make_interval(mins => $4), now() - make_interval(mins => $4), now() - make_interval(mins => $4), 'answered', 'consultation', 'HS.01', now())`,
      [`burst-${i}`, `+38067555000${i}`, c.id, 12 - i * 2],
    );
  }
}

describe('outages in the console (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001'] }] }, { clientDir });
    await bed.t.login({ role: 'agent', username: 'olena', fullName: 'Олена Агент', interface: 'PJSIP/1001', password: 'password123' });
    await bed.t.login({ role: 'supervisor', username: 'sofia', fullName: 'Софія Супервізор', password: 'password123' });
    await bed.t.login({ role: 'admin', username: 'adam', fullName: 'Адам Адміністратор', password: 'password123' });
    await seedCitizen(bed.t, PHONE);
    await bed.t.outages.ready;
    [agent, boss] = await Promise.all([launchBrowser(), launchBrowser()]);
    await loginAs(agent.page, bed.t.baseUrl, 'olena', 'password123');
    await boss.page.goto(`${bed.t.baseUrl}/login`);
    await boss.page.fill('[data-test=login-username]', 'sofia');
    await boss.page.fill('[data-test=login-password]', 'password123');
    await boss.page.click('[data-test=login-submit]');
    await boss.page.locator('[data-test=live-queues]').waitFor();
  }, 240_000);

  afterAll(async () => {
    await agent?.close();
    await boss?.close();
  });

  it('when a caller inside an outage rings, then the card says so first and the agent attaches the call to the outage', async () => {
    const { page } = boss;
    await page.goto(`${bed.t.baseUrl}/outages`);
    await page.locator('[data-test=outage-form]').waitFor();
    await page.fill('[data-test=outage-street]', 'вул. Лермонтова');
    await page.fill('[data-test=outage-buildings]', '1-25 непарні');
    await page.fill('[data-test=outage-text]', 'Аварія на водогоні: воду дадуть до 18:00.');
    await page.click('[data-test=outage-register]');
    await page.locator('[data-test=outage-row]').waitFor();
    await screenshot(page, 'outages-1-registered');

    const placed = bed.sim.placeCall({ from: PHONE, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 2000, talkMs: 600_000 });
    const banner = agent.page.locator('[data-test=call-card] [data-test=card-outage]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Аварія на водогоні: воду дадуть до 18:00.');
    await screenshot(agent.page, 'outages-2-ringing-card-with-outage');
    await agent.page.locator('[data-test=answer-state][data-state=answered]').waitFor();
    await agent.page.click('[data-test=attach-outage]');
    await agent.page.locator('[data-test=notice]').waitFor();
    await screenshot(agent.page, 'outages-3-attached');

    const [call] = await bed.t.db.dataSource.query(
      `SELECT c.wrap_up_kind, r.flags FROM calls c JOIN call_requests cr ON cr.call_id = c.id JOIN requests r ON r.id = cr.request_id WHERE c.id = $1`, [placed.callId]);
    expect(call.flags).toContain('mass');
    const [outage] = await bed.t.db.dataSource.query('SELECT incident_id FROM outages');
    expect(outage.incident_id).not.toBeNull();
    bed.sim.hangup(placed.channel);
    await agent.page.locator('[data-test=idle]').waitFor();
  }, 120_000);

  it('when a caller the city does not know describes an address and topic inside the outage, then the request form offers the attach instead', async () => {
    const placed = bed.sim.placeCall({ from: '+380501234999', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 1000, talkMs: 600_000 });
    const page = agent.page;
    await page.locator('[data-test=answer-state][data-state=answered]').waitFor();
    expect(await page.locator('[data-test=card-outage]').count()).toBe(0);
    await page.click('[data-test=toggle-request-form]');
    await page.locator('[data-test=request-form]').waitFor();
    await page.fill('[data-test=topic-search]', 'HS.01');
    await page.click('[data-test="topic-option-HS.01"]');
    await page.fill('[data-test=form-address]', 'Лермонтова 11, кв. 4');
    await page.locator('[data-test=form-outage]').waitFor();
    await screenshot(page, 'outages-3b-form-match');
    await page.click('[data-test=form-attach-outage]');
    const kind = await eventually(async () => (await bed.t.db.dataSource.query('SELECT wrap_up_kind FROM calls WHERE id = $1', [placed.callId]))[0]?.wrap_up_kind, 'the call attached');
    expect(kind).toBe('attached');
    await page.locator('[data-test=request-form]').waitFor({ state: 'detached' });
    bed.sim.hangup(placed.channel);
    await page.locator('[data-test=idle]').waitFor();
  }, 120_000);

  it('when a burst of calls about water comes from one street, then the supervisor sees a possible outage and declares it', async () => {
    const { page } = boss;
    await page.goto(`${bed.t.baseUrl}/live`);
    await page.locator('[data-test=live-queues]').waitFor();
    await classifiedCallsFrom('вул. Каштанова', 5);
    await bed.t.outages.detector.scan();
    const line = page.locator('[data-test=suspected-outage]');
    await line.waitFor();
    expect(await line.locator('[data-test=suspected-line]').textContent()).toMatch(/5 дзвінків про воду з вул\. Каштанова 1–9/);
    await screenshot(page, 'outages-4-possible-outage');
    await page.click('[data-test=declare-outage]');
    await line.waitFor({ state: 'detached' });
    const rows = await bed.t.db.dataSource.query(`SELECT kind, addresses FROM outages WHERE suspicion_id IS NOT NULL`);
    expect(rows).toEqual([{ kind: 'water', addresses: [{ street: 'вул. Каштанова', buildings: '1-9' }] }]);
    await page.goto(`${bed.t.baseUrl}/outages`);
    await page.locator('[data-test=outage-row]').nth(1).waitFor();
    await screenshot(page, 'outages-5-declared');
    // The supervisor then writes what the agents read out.
    const declared = page.locator('[data-test=outage-row]', { hasText: 'Каштанова' });
    await declared.locator('[data-test=outage-change]').click();
    await declared.locator('[data-test=outage-edit-text]').fill('Аварія на водогоні по вул. Каштановій, 1–9: бригада на місці.');
    await declared.locator('[data-test=outage-save]').click();
    await page.locator('[data-test=outage-row]', { hasText: 'бригада на місці' }).waitFor();
    const [changed] = await bed.t.db.dataSource.query(`SELECT text FROM outages WHERE suspicion_id IS NOT NULL`);
    expect(changed.text).toBe('Аварія на водогоні по вул. Каштановій, 1–9: бригада на місці.');
  }, 120_000);
  it('when an admin adds a street renaming on the outages page, then a caller under the old name is inside the outage under the new one', async () => {
    const admin = await launchBrowser();
    try {
      const { page } = admin;
      await page.goto(`${bed.t.baseUrl}/login`);
      await page.fill('[data-test=login-username]', 'adam');
      await page.fill('[data-test=login-password]', 'password123');
      await page.click('[data-test=login-submit]');
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await page.goto(`${bed.t.baseUrl}/outages`);
      await page.locator('[data-test=street-renames]').waitFor();
      // The seeded examples load after the panel appears: the new row is looked for by its name, not counted.
      const added = page.locator('[data-test=street-rename]', { hasText: 'Пушкіна' });
      expect(await added.count()).toBe(0);
      await page.fill('[data-test=rename-old]', 'вул. Пушкіна');
      await page.fill('[data-test=rename-new]', 'вул. Каштанова');
      await page.click('[data-test=rename-add]');
      await added.waitFor();
      expect(await added.count()).toBe(1);
      await screenshot(page, 'outages-6-renames');
      const [c] = await bed.t.db.dataSource.query(`INSERT INTO citizens (full_name, address) VALUES ('Мешканка', 'вул. Пушкіна, 3') RETURNING id`);
      const card = await (await bed.t.fetch(`/api/citizens/${c.id}/card`, { cookie: (await bed.t.login({ role: 'agent' })).cookie })).json();
      expect(card.outages.map((o: { text: string }) => o.text)).toEqual([expect.stringContaining('Каштановій')]);
    } finally {
      await admin.close();
    }
  }, 120_000);
});
