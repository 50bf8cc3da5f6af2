import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCitizen } from '../integration/calls-harness';
import { startConsultationBed, type ConsultationBed } from '../integration/consultations-harness';
import { builtConsole, hasChromium, launchBrowser, screenshot, type Browser } from '../setup/browser';

let bed: ConsultationBed;
let organiser: Browser;
let official: Browser;
let agent: Browser;

async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('[data-test=login-username]', username);
  await page.fill('[data-test=login-password]', 'password123');
  await page.click('[data-test=login-submit]');
  await page.locator('[data-test=current-user]').waitFor();
}

/** `YYYY-MM-DDTHH:MM` in the browser's (this machine's) time zone, for a datetime-local input. */
function localInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

describe('a consultation in the console (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    bed = await startConsultationBed({}, {}, { clientDir });
    await bed.t.login({ role: 'supervisor', username: 'maria', fullName: 'Марія Супервізор' });
    await bed.t.login({ role: 'official', username: 'iryna', fullName: 'Ірина Коваль', phone: '0672220001' });
    [organiser, official] = await Promise.all([launchBrowser(), launchBrowser()]);
    await signIn(organiser.page, bed.t.baseUrl, 'maria');
  }, 240_000);

  afterAll(async () => {
    await organiser?.close();
    await official?.close();
    await agent?.close();
  });

  it('when a supervisor schedules it, registers two citizens and starts it, then the official sees three legs, mutes one, ends it, and the outcomes make a request', async () => {
    const { page } = organiser;
    const [topic] = await bed.t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL AND active ORDER BY code LIMIT 1');
    await page.goto(`${bed.t.baseUrl}/consultations/plan`);
    await page.selectOption('[data-test=schedule-official]', { label: 'Ірина Коваль' });
    await page.fill('[data-test=schedule-topic]', 'Ремонт під’їздів');
    await page.selectOption('[data-test=schedule-topic-code]', topic.code);
    await page.fill('[data-test=schedule-starts]', localInput(new Date(Date.now() + 2 * 3_600_000)));
    await page.selectOption('[data-test=schedule-mode]', 'parallel');
    await screenshot(page, 'consultation-1-schedule');
    await page.click('[data-test=schedule-submit]');
    await page.locator('[data-test=consultation][data-status=scheduled]').waitFor();

    for (const [name, phone, question] of [['Олег Мельник', '0509990001', 'Коли замінять ліфт?'], ['Ганна Ткач', '0509990002', 'Протікає дах над квартирою']]) {
      await page.fill('[data-test=register-name]', name);
      await page.fill('[data-test=register-phone]', phone);
      await page.fill('[data-test=register-question]', question);
      await page.click('[data-test=register-submit]');
      await page.locator(`[data-test=questions] :text("${question}")`).waitFor();
    }
    await screenshot(page, 'consultation-2-registered');
    await page.click('[data-test=start-consultation]');
    await page.locator('[data-test=live-panel] tr.leg[data-state=joined]').nth(2).waitFor();

    const o = official.page;
    await signIn(o, bed.t.baseUrl, 'iryna');
    const joined = o.locator('[data-test=live-panel] tr.leg[data-state=joined]');
    await joined.nth(2).waitFor();
    expect(await joined.count()).toBe(3);
    await screenshot(o, 'consultation-3-official-live');

    const citizenRow = joined.nth(1);
    const legId = (await citizenRow.getAttribute('data-test'))!.replace('leg-', '');
    await o.click(`[data-test=mute-${legId}]`);
    await o.locator(`[data-test=leg-${legId}][data-muted=true]`).waitFor();
    await screenshot(o, 'consultation-4-muted');
    await o.click('[data-test=end-consultation]');
    await o.locator('[data-test=history] tr').first().waitFor();

    await page.locator('[data-test=consultation][data-status=ended]').waitFor();
    await page.click('[data-test=answered-1]');
    await page.locator('[data-test=question-1][data-outcome=answered]').waitFor();
    await page.click('[data-test=make-request-2]');
    const link = page.locator('[data-test=question-2] [data-test=request-link]');
    await link.waitFor();
    await screenshot(page, 'consultation-5-outcomes');

    const [request] = await bed.t.db.dataSource.query(`SELECT number, source, description FROM requests WHERE source = 'consultation'`);
    expect(request).toMatchObject({ source: 'consultation', description: 'Протікає дах над квартирою' });
    expect(await link.textContent()).toBe(request.number);
    const legs = await bed.t.db.dataSource.query(`SELECT who, joined_at - c.started_at AS after FROM consultation_legs l JOIN consultations c ON c.id = l.consultation_id ORDER BY l.id`);
    expect(legs.map((l: { who: string }) => l.who)).toEqual(['official', 'citizen', 'citizen']);
  }, 180_000);

  it('when an agent finds a citizen by phone outside a call, then the citizen\'s page registers them for a consultation and lists it', async () => {
    const supervisor = await bed.t.login({ role: 'supervisor' });
    const [official] = await bed.t.db.dataSource.query(`SELECT id FROM users WHERE username = 'iryna'`);
    const scheduled = await bed.t.fetch('/api/consultations', { method: 'POST', cookie: supervisor.cookie, json: {
      officialId: official.id, topic: 'Благоустрій дворів', startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), durationMinutes: 60, capacity: 5,
    } });
    expect(scheduled.status).toBe(201);
    const consultation = (await scheduled.json()) as { id: number };
    const citizen = await seedCitizen(bed.t, '+380501112233', { fullName: 'Сидоренко Віра' });
    await bed.t.login({ role: 'agent', username: 'olena', fullName: 'Олена Оператор' });
    agent = await launchBrowser();
    const { page } = agent;
    await signIn(page, bed.t.baseUrl, 'olena');

    await page.click('nav >> text=Громадяни');
    await page.fill('[data-test=citizen-phone]', '050 111 22 33');
    await page.click('[data-test=citizen-find]');
    await page.click(`[data-test=citizen-${citizen.citizenId}]`);
    await page.locator('[data-test=citizen-name]:text("Сидоренко Віра")').waitFor();
    await page.locator('[data-test=citizen-no-consultations]').waitFor();
    await page.click('[data-test=toggle-consultation-offer]');
    await page.fill('[data-test=offer-question]', 'Коли облаштують дитячий майданчик?');
    await page.click(`[data-test=offer-register-${consultation.id}]`);
    await page.locator(`[data-test=registration-${consultation.id}]:has-text("Коли облаштують дитячий майданчик?")`).waitFor();
    await screenshot(page, 'consultation-6-citizen-page');

    const [row] = await bed.t.db.dataSource.query('SELECT citizen_id, call_id, question FROM consultation_participants WHERE consultation_id = $1', [consultation.id]);
    expect(row).toEqual({ citizen_id: citizen.citizenId, call_id: null, question: 'Коли облаштують дитячий майданчик?' });
  }, 120_000);
});
