import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../client/src/api/types';
import { seedDemo } from '../../server/seed/demo';
import { DEMO_USERS } from '../../server/seed/demo-users';
import { startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, CHROMIUM, hasChromium, screenshot } from '../setup/browser';
import { addressOf, consolePages, findLatinWords, findOverflow, pagesOf, type Finding } from './console-walk';

const ROLES: Role[] = ['agent', 'supervisor', 'official', 'executor', 'admin'];
const SCREENS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];
const LOCALES = ['uk', 'en'] as const;
/** Proper names and abbreviations that Ukrainian text writes in Latin letters too. */
const LATIN_ALLOWED = ['Asterisk', 'PDF', 'CSV', 'XLSX', 'SIP', 'PJSIP', 'AMI', 'SMTP', 'ICS', 'JSON', 'Excel', 'e-mail', 'ID', 'IP', 'PIN', 'API', 'Open311', 'FixMyStreet'];

let bed: CallsTestbed;
let browser: Browser;
/** Per role, a signed-in page (signed in one after another: a password check is slow on purpose). */
const pages: Partial<Record<Role, Page>> = {};
/** Per role, the row each page with an `:id` opens (one the role may see). */
const ids: Partial<Record<Role, Record<string, number | undefined>>> = {};

async function one(sql: string, params: unknown[] = []): Promise<number | undefined> {
  const [row] = await bed.t.db.dataSource.query(sql, params);
  return row?.id;
}

async function signedIn(role: Role): Promise<Page> {
  const user = DEMO_USERS.find((u) => u.role === role)!;
  const context = await browser.newContext({ viewport: SCREENS[0] });
  const page = await context.newPage();
  await page.goto(`${bed.t.baseUrl}/login`);
  await page.fill('[data-test=login-username]', user.username);
  await page.fill('[data-test=login-password]', user.password);
  await page.click('[data-test=login-submit]');
  await page.locator('[data-test=current-user]').waitFor();
  return page;
}

/** Opens the page in the locale and lets its data arrive (a page that keeps polling is taken as it is). */
/**
 * Opens the page in the locale and waits until its requests have been answered and nothing new was asked for
 * a moment (a page that keeps polling is taken as it is after 5 s). Playwright's `networkidle` waits 500 ms of
 * silence each time; 150 ms is enough for a page to ask for what its first answers name.
 */
async function open(page: Page, address: string, locale: string): Promise<void> {
  await page.evaluate((l) => localStorage.setItem('hromada.locale', l), locale);
  let inFlight = 0;
  let lastChange = Date.now();
  const started = () => { inFlight++; lastChange = Date.now(); };
  const ended = () => { inFlight--; lastChange = Date.now(); };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    await page.goto(`${bed.t.baseUrl}${address}`);
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastChange < 150)) await page.waitForTimeout(25);
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
  }
  await page.evaluate(() => document.fonts.ready.then(() => new Promise(requestAnimationFrame)));
}

const show = (findings: (Finding & { at: string })[]) => findings.map((f) => `${f.at}: ${f.what} — ${f.where}: ${f.text}`);

describe('every page of every role fits the screen and speaks the chosen language (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    // A softphone for the demo agent and official (its WebSocket unreachable): the phone bar with its longest words is walked too.
    const softphone = { wsUrl: 'wss://127.0.0.1:9/ws', domain: '127.0.0.1', iceServers: [], passwordKey: 'console-fits' };
    bed = await startCallsTestbed({ queues: [{ name: 'hotline', members: ['PJSIP/1001', 'PJSIP/1002', 'PJSIP/1003'] }] }, { clientDir, softphone });
    await seedDemo(bed.t.db.dataSource, { size: { citizens: 60, requests: 400, years: 1 }, log: pino({ level: 'silent' }) });
    // a consultation, so that its page and the plans have one to show
    const official = await one(`SELECT id FROM users WHERE role = 'official'`);
    const supervisor = (await bed.t.fetch('/api/auth/login', { method: 'POST', json: { username: 'supervisor', password: 'supervisor-demo' } })).headers.getSetCookie()[0].split(';')[0];
    const scheduled = await bed.t.fetch('/api/consultations', {
      method: 'POST', cookie: supervisor,
      json: { officialId: official, topic: 'Ремонт доріг', startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 60, autoStart: false },
    });
    expect(scheduled.status).toBe(201);
    // the queue under its name for people, as a supervisor names it in the live page's settings
    const named = await bed.t.fetch('/api/supervisor/queues/hotline/settings', {
      method: 'PUT', cookie: supervisor, json: { serviceLevelSeconds: 20, thresholds: { waitingAmber: 3, waitingRed: 6, longestWaitAmber: 30, longestWaitRed: 60, serviceLevelAmber: 80, serviceLevelRed: 60 }, displayName: 'Гаряча лінія' },
    });
    expect(named.status).toBe(200);
    const consultation = (await scheduled.json()).id as number;
    const admin = (await bed.t.fetch('/api/auth/login', { method: 'POST', json: { username: 'admin', password: 'admin-demo' } })).headers.getSetCookie()[0].split(';')[0];
    for (const username of ['agent1', 'official']) {
      const id = await one(`SELECT id FROM users WHERE username = '${username}'`);
      if ((await one(`SELECT interface AS id FROM users WHERE username = '${username}'`)) === null) continue;
      expect((await bed.t.fetch(`/api/users/${id}/sip-password`, { method: 'PUT', cookie: admin, json: { password: 'console-fits-1' } })).status).toBe(200);
    }
    const anyRequest = await one('SELECT min(id) AS id FROM requests');
    const anyCitizen = await one('SELECT min(id) AS id FROM citizens');
    const executorsRequest = await one(`SELECT min(r.id) AS id FROM requests r JOIN users u ON u.executor_id = r.executor_id WHERE u.role = 'executor'`);
    for (const role of ROLES) ids[role] = { request: role === 'executor' ? executorsRequest : anyRequest, citizen: anyCitizen, consultation };
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    for (const role of ROLES) pages[role] = await signedIn(role);
    // The agent's phone bar is there, saying its WebSocket cannot be reached: walked on every page below.
    await pages.agent!.locator('[data-test=phone-bar][data-fault=unreachable]').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('when the router is read, then every role has pages to walk and every page with a parameter has a row', () => {
    expect(consolePages().length).toBeGreaterThan(10);
    for (const role of ROLES) {
      expect(pagesOf(role).length).toBeGreaterThan(0);
      for (const page of pagesOf(role)) expect(() => addressOf(page, ids[role]!)).not.toThrow();
    }
  });

  // the roles walk side by side: most of a walk is waiting for a page's requests to settle
  const walk = 'when the %s opens each of their pages at 1280×720 and 1920×1080 in both languages, then nothing scrolls sideways or is clipped, and Ukrainian pages have no English words';
  it.for(ROLES)(walk, { concurrent: true, timeout: 300_000 }, async (role, { expect }) => {
    const page = pages[role]!;
    const problems: (Finding & { at: string })[] = [];
    for (const locale of LOCALES) {
      // the menu's groups open over the page: each must fit too
      await open(page, addressOf(pagesOf(role)[0], ids[role]!), locale);
      for (const screen of SCREENS) {
        await page.setViewportSize(screen);
        for (const opener of await page.locator('[data-test^=nav-group-]').all()) {
          const menu = await opener.getAttribute('data-test');
          await opener.click();
          problems.push(...(await findOverflow(page)).map((f) => ({ ...f, at: `${locale} ${screen.width}×${screen.height} ${menu}` })));
          if (locale === 'uk') problems.push(...(await findLatinWords(page, LATIN_ALLOWED)).map((f) => ({ ...f, at: 'uk menu' })));
          await page.keyboard.press('Escape');
        }
      }
      for (const target of pagesOf(role)) {
        const address = addressOf(target, ids[role]!);
        await open(page, address, locale);
        for (const screen of SCREENS) {
          await page.setViewportSize(screen);
          await page.evaluate(() => new Promise(requestAnimationFrame));
          const at = `${locale} ${screen.width}×${screen.height} ${address}`;
          const overflow = await findOverflow(page);
          if (overflow.length) await screenshot(page, `fits-${role}-${locale}-${screen.width}-${target.name}`);
          problems.push(...overflow.map((f) => ({ ...f, at })));
        }
        if (locale === 'uk') problems.push(...(await findLatinWords(page, LATIN_ALLOWED)).map((f) => ({ ...f, at: `uk ${address}` })));
        await page.setViewportSize(SCREENS[0]);
      }
    }
    await page.context().close();
    expect(show(problems)).toEqual([]);
  });
});
