import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body } from '../../setup/app';
import { builtConsole } from '../../setup/browser';
import { channels, type AmiMsg } from '../lab';
import { connectConsole, report, startLabBed, until, type LabBed } from '../testbed';
import { answerAndWaitAudio, consoleLogin, launchPhoneBrowser, markAfter, marks, type PhoneBrowser } from './browser-phone';
import { HOW_TO_GET_THE_PJSIP_LAB, PJSIP_LAB, placeToneCaller, SOFTPHONE, usePjsipLab } from './lab-pjsip';

if (!PJSIP_LAB) process.stdout.write(`${HOW_TO_GET_THE_PJSIP_LAB}\n`);
const run = promisify(execFile);

/**
 * Issue 24's faults against the pjsip lab: a wrong SIP password, a call offered while the browser is not
 * registered (two agents sharing the queue: one on a baresip desk phone, one in the browser), the citizen hanging
 * up during the answer, the tab closed mid-call, no microphone permission, and a supervisor's ChanSpy on the
 * browser agent.
 */
describe.skipIf(!PJSIP_LAB)('the phone in the console: faults, against the pjsip lab', () => {
  let bed: LabBed;
  let admin: string;
  const browsers: PhoneBrowser[] = [];
  const baresip = (args: string[]) => run(path.join(PJSIP_LAB!, 'tools/baresip-agents.sh'), args, { env: { ...process.env, ASTREF: PJSIP_LAB!, RING: '1', TALK: '0' }, timeout: 30_000 });

  beforeAll(async () => {
    usePjsipLab(PJSIP_LAB!, ['1001', '1101']);
    const clientDir = await builtConsole();
    bed = await startLabBed({ clientDir, softphone: SOFTPHONE });
    admin = (await bed.t.login({ role: 'admin' })).cookie;
    await baresip(['start', '1001', '1003']);
    // 1003 is the supervisor's desk phone here (ChanSpy rings it), not an agent of the hotline.
    await bed.driver.action({ Action: 'QueuePause', Interface: 'PJSIP/1003', Paused: 'true', Reason: 'supervisor' });
  }, 300_000);

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await baresip(['stop', '1001', '1003']).catch(() => undefined);
  });

  const holders: number[] = [];
  async function browserAgent(username: string, iface: string, sipPassword: string, o: { fakeMicrophone?: boolean } = {}) {
    // One device, one user: the previous scenario's agent gives PJSIP/1101 back (deactivating frees the interface).
    for (const id of holders.splice(0)) await bed.t.fetch(`/api/users/${id}/deactivate`, { method: 'POST', cookie: admin });
    const user = await bed.t.login({ role: 'agent', interface: iface, username, password: 'password123' });
    expect((await bed.t.fetch(`/api/users/${user.user.id}/sip-password`, { method: 'PUT', cookie: admin, json: { password: sipPassword } })).status).toBe(200);
    holders.push(user.user.id);
    const browser = await launchPhoneBrowser(o);
    browsers.push(browser);
    await consoleLogin(browser.page, bed.t.baseUrl, username, 'password123');
    return { browser, cookie: user.cookie, userId: user.user.id };
  }
  const member = async (iface: string) => (await bed.driver.action({ Action: 'QueueStatus', Queue: 'hotline' }))
    .find((m: AmiMsg) => m.Event === 'QueueMember' && (m.StateInterface === iface || m.Location === iface));
  /** The baresip agent 1001 steps away: only the browser agent takes the next calls. */
  const onlyTheBrowser = () => bed.driver.action({ Action: 'QueuePause', Interface: 'PJSIP/1001', Paused: 'true', Reason: 'lunch' });
  const classify = (cookie: string, callId: string) => bed.t.fetch(`/api/calls/${encodeURIComponent(callId)}/wrap-up`, { method: 'POST', cookie, json: { kind: 'consultation', topicCode: bed.topicCode } });

  it('when the SIP password is wrong, then the console says so once (no loop of retries), the member is paused no_phone, and calls go to the baresip colleague', async () => {
    // 1101's endpoint with a wrong password: the PBX answers 401 to the digest.
    const wrong = await browserAgent('wrongpass', 'PJSIP/1101', 'not-the-lab-password');
    const desk = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001', username: 'deskagent', password: 'password123' });
    const deskConsole = connectConsole(bed.t.baseUrl, 'desk 1001', desk.user.id, desk.cookie);
    await deskConsole.next('agent:snapshot');
    const failedAt = await markAfter(wrong.browser.page, 'fault:auth', 0, 20_000);
    expect(await wrong.browser.page.locator('[data-test="phone-fault"]').textContent()).toContain('SIP');
    await until(async () => (await member('PJSIP/1101'))?.PausedReason === 'no_phone', 'PJSIP/1101 paused no_phone', 15_000);

    const callId = `nophone-${process.pid}`;
    await placeToneCaller(bed.driver, callId, '+380671240001');
    const offered = await deskConsole.next('call:offered', (c) => c.callId === callId, { timeoutMs: 20_000 });
    expect(offered).toBeTruthy();
    const rang = bed.listener.events.filter((m) => m.Event === 'AgentCalled' && m.Linkedid === callId).map((m) => m.Interface);
    expect(rang).toEqual(['PJSIP/1001']);
    await until(() => bed.listener.events.find((m) => m.Event === 'AgentConnect' && m.Linkedid === callId), 'the baresip agent answered', 20_000);
    const later = (await marks(wrong.browser.page)).filter((m) => m.at > failedAt && m.what.startsWith('registration:'));
    // No retry loop: after the refusal the phone never went back to "connecting".
    expect(later.map((m) => m.what)).not.toContain('registration:connecting');
    for (const c of await channels(bed.driver)) if (c.Linkedid === callId) await bed.driver.action({ Action: 'Hangup', Channel: c.Channel });
    await until(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [callId])).length, 'ended');
    expect((await classify(desk.cookie, callId)).status).toBe(200);
    deskConsole.close();
    // The right password: registered, the pause lifted.
    expect((await bed.t.fetch(`/api/users/${wrong.userId}/sip-password`, { method: 'PUT', cookie: admin, json: { password: 'lab1101pass' } })).status).toBe(200);
    await wrong.browser.page.reload();
    await markAfter(wrong.browser.page, 'registration:registered', 0, 20_000);
    await until(async () => (await member('PJSIP/1101'))?.Paused === '0', 'PJSIP/1101 unpaused', 15_000);
    report('softphone faults: a wrong SIP password → the "auth" fault, no retries; member paused no_phone; the call went to the baresip agent 1001');
    await wrong.browser.close();
  }, 180_000);

  it('when the citizen hangs up while the agent answers, then the phone ends the line and the call is logged as it was', async () => {
    const agent = await browserAgent('hangupduring', 'PJSIP/1101', 'lab1101pass');
    await onlyTheBrowser();
    await markAfter(agent.browser.page, 'registration:registered', 0, 20_000);
    const callId = `hangup-during-${process.pid}`;
    const since = Date.now();
    await placeToneCaller(bed.driver, callId, '+380671240002');
    await markAfter(agent.browser.page, 'line:ringing', since);
    const caller = (await channels(bed.driver)).find((c) => c.Linkedid === callId && /^Local\/5000@from-trunk-.*;2$/.test(c.Channel));
    await Promise.all([
      agent.browser.page.click('[data-test="card-answer"]').catch(() => undefined),
      bed.driver.action({ Action: 'Hangup', Channel: caller!.Channel }),
    ]);
    const [row] = await until(async () => {
      const rows = await bed.t.db.dataSource.query('SELECT outcome, answered_at, ended_at FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [callId]);
      return rows.length ? rows : null;
    }, 'the call ended in the log');
    await markAfter(agent.browser.page, 'line:ended', since, 10_000).catch(async () => markAfter(agent.browser.page, 'line:idle', since, 1));
    expect(await agent.browser.page.locator('[data-test="phone-in-call"]').count()).toBe(0);
    report(`softphone faults: the citizen hung up during the answer → logged ${row.outcome} (answered_at ${row.answered_at ? 'set' : 'null'}), the browser's line ended`);
    if (row.answered_at) await classify(agent.cookie, callId);
    await agent.browser.close();
  }, 120_000);

  it('when the tab is closed mid-call, then the call ends at once in the log (its true end), not minutes later', async () => {
    await onlyTheBrowser();
    const agent = await browserAgent('tabclose', 'PJSIP/1101', 'lab1101pass');
    await markAfter(agent.browser.page, 'registration:registered', 0, 20_000);
    const callId = `tab-closed-${process.pid}`;
    const since = Date.now();
    await placeToneCaller(bed.driver, callId, '+380671240003');
    await markAfter(agent.browser.page, 'line:ringing', since);
    await agent.browser.page.locator('[data-test="card-answer"]').waitFor();
    expect((await answerAndWaitAudio(agent.browser.page, '[data-test="card-answer"]')).flowing).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1500));
    const closedAt = Date.now();
    await agent.browser.page.close({ runBeforeUnload: false });
    const [row] = await until(async () => {
      const rows = await bed.t.db.dataSource.query('SELECT ended_at, hangup_by FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [callId]);
      return rows.length ? rows : null;
    }, 'the call ended in the log', 60_000);
    const lag = new Date(row.ended_at).getTime() - closedAt;
    report(`softphone faults: tab closed mid-call → the call ended ${lag} ms after the close (hangup_by ${row.hangup_by})`);
    expect(lag).toBeLessThan(5000);
    expect(row.hangup_by).toBe('agent');
    // Back in a new tab: the call is there to classify.
    const page = await agent.browser.context.newPage();
    await page.goto(`${bed.t.baseUrl}/calls`);
    await page.locator('[data-test="wrap-up"]').waitFor();
    expect((await classify(agent.cookie, callId)).status).toBe(200);
    await agent.browser.close();
  }, 120_000);

  it('when the page is reloaded mid-call, then the browser warns, the call ends truthfully, and the reloaded console says the call was cut', async () => {
    await onlyTheBrowser();
    const agent = await browserAgent('reloader', 'PJSIP/1101', 'lab1101pass');
    const { page } = agent.browser;
    await markAfter(page, 'registration:registered', 0, 20_000);
    const callId = `reloaded-${process.pid}`;
    const since = Date.now();
    await placeToneCaller(bed.driver, callId, '+380671240006');
    await markAfter(page, 'line:ringing', since);
    await page.locator('[data-test="card-answer"]').waitFor();
    expect((await answerAndWaitAudio(page, '[data-test="card-answer"]')).flowing).not.toBeNull();
    const warned: string[] = [];
    page.on('dialog', (d) => {
      warned.push(d.type());
      void d.accept();
    });
    const reloadedAt = Date.now();
    await page.reload();
    expect(warned).toEqual(['beforeunload']);
    const [row] = await until(async () => {
      const rows = await bed.t.db.dataSource.query('SELECT ended_at, hangup_by FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [callId]);
      return rows.length ? rows : null;
    }, 'the call ended in the log', 60_000);
    await page.locator('[data-test="phone-lost-on-reload"]').waitFor();
    await page.locator('[data-test="wrap-up"]').waitFor();
    report(`softphone faults: page reloaded mid-call → warned first, the call ended ${new Date(row.ended_at).getTime() - reloadedAt} ms after the reload (hangup_by ${row.hangup_by}); the new page says the call was cut`);
    expect(row.hangup_by).toBe('agent');
    expect((await classify(agent.cookie, callId)).status).toBe(200);
    await agent.browser.close();
  }, 120_000);

  it('when the browser has no microphone permission, then answering says so clearly and the call is not answered here', async () => {
    await onlyTheBrowser();
    const agent = await browserAgent('nomic', 'PJSIP/1101', 'lab1101pass', { fakeMicrophone: false });
    await markAfter(agent.browser.page, 'registration:registered', 0, 20_000);
    const callId = `no-mic-${process.pid}`;
    const since = Date.now();
    await placeToneCaller(bed.driver, callId, '+380671240004');
    await markAfter(agent.browser.page, 'line:ringing', since);
    await agent.browser.page.click('[data-test="card-answer"]');
    await markAfter(agent.browser.page, 'fault:microphone', since, 10_000);
    expect(await agent.browser.page.locator('[data-test="phone-fault"]').textContent()).toMatch(/мікрофон/);
    expect(bed.listener.events.some((m) => m.Event === 'AgentConnect' && m.Linkedid === callId)).toBe(false);
    for (const c of await channels(bed.driver)) if (c.Linkedid === callId) await bed.driver.action({ Action: 'Hangup', Channel: c.Channel });
    await agent.browser.close();
  }, 120_000);

  it('when a supervisor listens in (ChanSpy) on the browser agent, then ChanSpy runs on its PJSIP leg and the browser call goes on', async () => {
    await onlyTheBrowser();
    const agent = await browserAgent('spied', 'PJSIP/1101', 'lab1101pass');
    const supervisor = await bed.t.login({ role: 'supervisor', interface: 'PJSIP/1003', username: 'labsup' });
    await markAfter(agent.browser.page, 'registration:registered', 0, 20_000);
    const callId = `spied-${process.pid}`;
    const since = Date.now();
    await placeToneCaller(bed.driver, callId, '+380671240005');
    await markAfter(agent.browser.page, 'line:ringing', since);
    await agent.browser.page.locator('[data-test="card-answer"]').waitFor();
    expect((await answerAndWaitAudio(agent.browser.page, '[data-test="card-answer"]')).flowing).not.toBeNull();
    const asked = Date.now();
    const res = await bed.t.fetch('/api/supervisor/spy', { method: 'POST', cookie: supervisor.cookie, json: { agentUserId: agent.userId, mode: 'listen' } });
    expect(res.status).toBe(202);
    const start = await until(() => bed.listener.events.find((m) => m.Event === 'ChanSpyStart' && m.at >= asked), 'ChanSpyStart', 20_000)
      .catch((e: Error) => {
        throw new Error(`${e.message}; the PBX said: ${bed.listener.events.filter((m) => m.at >= asked && /1003|ChanSpy|Originate/.test(JSON.stringify(m))).map((m) => `${m.Event} ${m.Channel ?? ''} ${m.Reason ?? m.Cause ?? ''}`).join(' | ')}`);
      });
    expect(start.SpyeeChannel).toMatch(/^PJSIP\/1101-/);
    const before = await agent.browser.page.evaluate(() => (window as unknown as { __lab: { audio(): Promise<{ received: number }> } }).__lab.audio());
    await new Promise((r) => setTimeout(r, 1500));
    const after = await agent.browser.page.evaluate(() => (window as unknown as { __lab: { audio(): Promise<{ received: number }> } }).__lab.audio());
    expect(after.received).toBeGreaterThan(before.received);
    report(`softphone faults: supervisor ChanSpy on the browser agent → ChanSpyStart ${start.at - asked} ms after the API call, on ${start.SpyeeChannel}; the browser kept receiving audio`);
    await bed.t.fetch(`/api/supervisor/spy/${(await body(res)).sessionId}`, { method: 'DELETE', cookie: supervisor.cookie });
    await agent.browser.page.click('[data-test="phone-hangup"]');
    await until(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [callId])).length, 'ended');
    await classify(agent.cookie, callId);
  }, 120_000);
});
