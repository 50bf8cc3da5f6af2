import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body } from '../../setup/app';
import { builtConsole } from '../../setup/browser';
import { connectConsole, report, startLabBed, until, type LabBed } from '../testbed';
import { answerAndWaitAudio, launchPhoneBrowser, markAfter, type PhoneBrowser } from './browser-phone';
import { HOW_TO_GET_THE_PJSIP_LAB, PJSIP_LAB, SOFTPHONE, usePjsipLab } from './lab-pjsip';

if (!PJSIP_LAB) process.stdout.write(`${HOW_TO_GET_THE_PJSIP_LAB}\n`);

/* eslint-disable @typescript-eslint/no-explicit-any -- API and panel payloads are asserted by shape */

/**
 * Issue 24 item 4: an official with no desk phone joins their consultation from the browser. The server dials the
 * official's device (`CONSULT_OFFICIAL_CHANNEL={interface}` = PJSIP/1101) like any other leg; the console's phone
 * rings, the official answers in the phone bar, and the live panel shows who is talking.
 */
describe.skipIf(!PJSIP_LAB)('an official joins a consultation from the browser (pjsip lab)', () => {
  let bed: LabBed;
  let browser: PhoneBrowser;

  beforeAll(async () => {
    usePjsipLab(PJSIP_LAB!, ['1101']);
    bed = await startLabBed({ clientDir: await builtConsole(), softphone: SOFTPHONE });
    browser = await launchPhoneBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('when the consultation starts, then the official’s console rings, they answer there, join the room and the panel shows them talking', async () => {
    const admin = await bed.t.login({ role: 'admin' });
    const supervisor = await bed.t.login({ role: 'supervisor' });
    const official = await bed.t.login({ role: 'official', fullName: 'Посадовець Браузер', interface: 'PJSIP/1101', username: 'webofficial', password: 'password123' });
    expect((await bed.t.fetch(`/api/users/${official.user.id}/sip-password`, { method: 'PUT', cookie: admin.cookie, json: { password: 'lab1101pass' } })).status).toBe(200);
    const { page } = browser;
    await page.goto(`${bed.t.baseUrl}/login`);
    await page.fill('[data-test=login-username]', 'webofficial');
    await page.fill('[data-test=login-password]', 'password123');
    await page.click('[data-test=login-submit]');
    await markAfter(page, 'registration:registered', 0, 30_000);

    const registrar = await bed.t.login({ role: 'agent' });
    const startsAt = new Date(Date.now() + 60 * 60_000).toISOString();
    const c = await body(await bed.t.fetch('/api/consultations', { method: 'POST', cookie: supervisor.cookie, json: { officialId: official.user.id, topic: 'Консультація з браузера', startsAt, durationMinutes: 60, dialMode: 'parallel', autoStart: false } }));
    const reg = await bed.t.fetch(`/api/consultations/${c.id}/participants`, { method: 'POST', cookie: registrar.cookie, json: { citizen: { fullName: 'Громадянин Один', phone: '0501000001' }, question: 'Питання' } });
    expect(reg.status).toBe(201);
    const watcher = connectConsole(bed.t.baseUrl, 'supervisor', supervisor.user.id, supervisor.cookie);
    await watcher.next('agent:snapshot').catch(() => undefined);
    expect(await watcher.socket.timeout(5000).emitWithAck('consultation:watch', { id: c.id })).toMatchObject({ ok: true });

    const startedAt = Date.now();
    expect((await bed.t.fetch(`/api/consultations/${c.id}/start`, { method: 'POST', cookie: supervisor.cookie, json: {} })).status).toBe(202);
    const rang = await markAfter(page, 'line:ringing', startedAt, 20_000);
    await page.locator('[data-test="phone-answer"]').waitFor();
    const answered = await answerAndWaitAudio(page, '[data-test="phone-answer"]');
    expect(answered.flowing).not.toBeNull();
    const [leg] = await until(async () => {
      const rows = await bed.t.db.dataSource.query(`SELECT state, joined_at, channel FROM consultation_legs WHERE consultation_id = $1 AND who = 'official' AND state = 'joined'`, [c.id]);
      return rows.length ? rows : null;
    }, 'the official in the room', 20_000);
    expect(leg.channel).toMatch(/^PJSIP\/1101-/);
    const talking = await watcher.next('consultation:panel', (p: any) => p.id === c.id && p.legs.some((l: any) => l.who === 'official' && l.talking), { timeoutMs: 20_000 });
    report(`softphone official: the console rang ${rang - startedAt} ms after the start, audio both ways ${answered.flowing! - answered.clicked} ms after "answer", joined at +${new Date(leg.joined_at).getTime() - startedAt} ms on ${leg.channel}; the panel showed the official talking at +${talking.at - startedAt} ms`);
    await bed.t.fetch(`/api/consultations/${c.id}/end`, { method: 'POST', cookie: supervisor.cookie, json: {} });
    watcher.close();
  }, 180_000);
});
