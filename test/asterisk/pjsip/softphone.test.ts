import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body } from '../../setup/app';
import { builtConsole, loginAs, screenshot } from '../../setup/browser';
import { startAsterisk, stopAsterisk, type AmiMsg } from '../lab';
import { median, report, startLabBed, until, type LabBed } from '../testbed';
import { answerAndWaitAudio, audio, launchPhoneBrowser, markAfter, type PhoneBrowser } from './browser-phone';
import { HOW_TO_GET_THE_PJSIP_LAB, percentile, PJSIP_LAB, placeToneCaller, SOFTPHONE, usePjsipLab } from './lab-pjsip';

if (!PJSIP_LAB) process.stdout.write(`${HOW_TO_GET_THE_PJSIP_LAB}\n`);
const CALLS = Number(process.env.SOFTPHONE_CALLS ?? 20);
const RESTARTS = Number(process.env.SOFTPHONE_RESTARTS ?? 5);

/**
 * Issue 24: an agent with nothing but the browser. Real Asterisk 22 (chan_pjsip, WSS, DTLS-SRTP, ICE), our real
 * server and built console, Chromium with fake media devices; JsSIP in the console registers as PJSIP/1101.
 */
describe.skipIf(!PJSIP_LAB)('the phone in the console against the pjsip lab', () => {
  let bed: LabBed;
  let browser: PhoneBrowser;
  let agentCookie: string;
  let agentId: number;

  beforeAll(async () => {
    usePjsipLab(PJSIP_LAB!, ['1101']);
    const clientDir = await builtConsole();
    bed = await startLabBed({ clientDir, softphone: SOFTPHONE });
    const admin = await bed.t.login({ role: 'admin' });
    const agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1101', username: 'webagent', fullName: 'Оксана Браузер', password: 'password123' });
    agentCookie = agent.cookie;
    agentId = agent.user.id;
    const set = await bed.t.fetch(`/api/users/${agentId}/sip-password`, { method: 'PUT', cookie: admin.cookie, json: { password: 'lab1101pass' } });
    expect(set.status).toBe(200);
    browser = await launchPhoneBrowser();
    await loginAs(browser.page, bed.t.baseUrl, 'webagent', 'password123');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  const dialBegin = (callId: string) => until(() => bed.listener.events.find((m: AmiMsg) => m.Event === 'DialBegin' && m.Linkedid === callId && /^PJSIP\/1101-/.test(m.DestChannel ?? '')), `DialBegin to PJSIP/1101 of ${callId}`);

  it(`when a caller enters the queue, then pop and ring arrive together, "answer" on the card answers, audio flows both ways, the agent hangs up and wrap-up follows (${CALLS} calls)`, async () => {
    const { page } = browser;
    await markAfter(page, 'registration:registered', 0, 20_000);
    const figures: { ring: number; pop: number; audio: number; lost: number; sent: number; received: number }[] = [];
    for (let i = 0; i < CALLS; i++) {
      const callId = `web-${process.pid}-${i}`;
      const since = Date.now();
      await placeToneCaller(bed.driver, callId, `+38067124${String(i).padStart(4, '0')}`);
      // Asterisk's own clock (this machine's) when it dialled the browser, i.e. sent the INVITE; not when AMI delivered it.
      const begun = await dialBegin(callId);
      const invite = begun.Timestamp ? Math.round(Number(begun.Timestamp) * 1000) : begun.at;
      const rang = await markAfter(page, 'line:ringing', since);
      const popped = await markAfter(page, 'card:ringing', since);
      await page.locator('[data-test="card-answer"]').waitFor();
      const answered = await answerAndWaitAudio(page, '[data-test="card-answer"]');
      expect(answered.flowing, `audio both ways on call ${i}`).not.toBeNull();
      await page.locator('[data-test="answer-state"][data-state="answered"]').waitFor();
      await new Promise((r) => setTimeout(r, 2000));
      const stats = (await audio(page))!;
      expect(stats.sent).toBeGreaterThan(50);
      expect(stats.received).toBeGreaterThan(50);
      if (i === 0) await screenshot(page, 'softphone-1-in-call');
      await page.click('[data-test="phone-hangup"]');
      await page.locator('[data-test="wrap-up"]').waitFor();
      if (i === 0) await screenshot(page, 'softphone-2-wrap-up');
      const [row] = await until(async () => {
        const rows = await bed.t.db.dataSource.query('SELECT answered_at, ended_at, talk_seconds FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [callId]);
        return rows.length ? rows : null;
      }, `call ${callId} ended in the log`);
      expect(row.answered_at).not.toBeNull();
      expect(row.talk_seconds).toBeGreaterThanOrEqual(2);
      const wrap = await bed.t.fetch(`/api/calls/${encodeURIComponent(callId)}/wrap-up`, { method: 'POST', cookie: agentCookie, json: { kind: 'consultation', topicCode: bed.topicCode } });
      expect(wrap.status).toBe(200);
      await page.locator('[data-test="wrap-up"]').waitFor({ state: 'detached' });
      figures.push({ ring: rang - invite, pop: popped - invite, audio: answered.flowing! - answered.clicked, lost: stats.lost, sent: stats.sent, received: stats.received });
    }
    const col = (k: keyof (typeof figures)[number]) => figures.map((f) => f[k]);
    report(`softphone over ${figures.length} calls (pjsip lab, Chromium, JsSIP, DTLS-SRTP):\n` +
      `  INVITE (AMI DialBegin) → ring in the browser: median ${median(col('ring'))} ms, p95 ${percentile(col('ring'), 95)} ms, max ${Math.max(...col('ring'))} ms\n` +
      `  INVITE → pop on the card: median ${median(col('pop'))} ms, max ${Math.max(...col('pop'))} ms\n` +
      `  "answer" click → audio both ways (getStats sent>0 and received>0): median ${median(col('audio'))} ms, p95 ${percentile(col('audio'), 95)} ms, max ${Math.max(...col('audio'))} ms\n` +
      `  packets lost (browser inbound): total ${col('lost').reduce((a, b) => a + b, 0)} of ${col('received').reduce((a, b) => a + b, 0)} received; sent ${col('sent').reduce((a, b) => a + b, 0)}`);
  }, 20 * 60_000);

  it(`when the PBX restarts mid-shift (${RESTARTS} times), then the phone re-registers by itself and rings again`, async () => {
    const { page } = browser;
    const times: number[] = [];
    for (let i = 0; i < RESTARTS; i++) {
      const stoppedAt = Date.now();
      await stopAsterisk(bed.lab);
      await markAfter(page, 'registration:connecting', stoppedAt, 20_000);
      // The WSS endpoint unreachable while the PBX is down: the console says so (and the server is told it cannot ring).
      await markAfter(page, 'fault:unreachable', stoppedAt, 20_000);
      await startAsterisk(bed.lab);
      const booted = Date.now();
      const registered = await markAfter(page, 'registration:registered', stoppedAt, 30_000);
      times.push(registered - booted);
      await until(async () => (await bed.health()).ami.state === 'connected', 'our AMI link back', 30_000);
    }
    await bed.reconnect();
    report(`softphone re-registration after ${RESTARTS} PBX restarts (FullyBooted → REGISTER 200 in the browser): ${times.map((t) => `${t} ms`).join(', ')}; median ${median(times)} ms, max ${Math.max(...times)} ms`);
    expect(Math.max(...times)).toBeLessThan(10_000);

    // And it rings again: one more call after the last restart reaches the browser.
    const callId = `web-after-${process.pid}`;
    const since = Date.now();
    await placeToneCaller(bed.driver, callId, '+380671249999');
    await markAfter(page, 'line:ringing', since, 20_000);
    const answered = await answerAndWaitAudio(page, '[data-test="card-answer"]');
    expect(answered.flowing).not.toBeNull();
    await page.click('[data-test="phone-hangup"]');
    await bed.t.fetch(`/api/calls/${encodeURIComponent(callId)}/wrap-up`, { method: 'POST', cookie: agentCookie, json: { kind: 'consultation', topicCode: bed.topicCode } });
    expect((await body(await bed.t.fetch('/api/health'))).ami.state).toBe('connected');
  }, 20 * 60_000);
});
