import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, seedCitizen, startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, hasChromium, launchBrowser, loginAs, screenshot, type Browser } from '../setup/browser';

const PHONE = '+380677770021';
let bed: CallsTestbed;
let one: Browser;
let two: Browser;
let tarasId: number;
let citizen: Awaited<ReturnType<typeof seedCitizen>>;

/** Issue 23: a blind transfer from the console's panel, the card and the request arriving with the caller. */
describe('a transfer from the console (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    // The colleague's phone rings a while before it answers, so their pop is seen ringing first.
    bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001', 'PJSIP/1002'] }], transfers: { answer: () => ({ answers: true, ringMs: 1500 }), ringTimeoutMs: 20_000 } }, { clientDir });
    await bed.t.login({ role: 'agent', username: 'olena', fullName: 'Олена Агент', interface: 'PJSIP/1001', password: 'password123' });
    tarasId = (await bed.t.login({ role: 'agent', username: 'taras', fullName: 'Тарас Агент', interface: 'PJSIP/1002', password: 'password123' })).user.id;
    citizen = await seedCitizen(bed.t, PHONE, { fullName: 'Петренко Марія Іванівна' });
    [one, two] = await Promise.all([launchBrowser(), launchBrowser()]);
    await Promise.all([loginAs(one.page, bed.t.baseUrl, 'olena', 'password123'), loginAs(two.page, bed.t.baseUrl, 'taras', 'password123')]);
  }, 240_000);

  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  it('when agent 1 attaches the call to the citizen\'s request and transfers it blind to agent 2 from the panel, then agent 2\'s pop says from whom, with the citizen\'s card and that request by its number', async () => {
    const placed = bed.sim.placeCall({ from: PHONE, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 300, talkMs: 600_000 });
    const { page } = one;
    await page.locator('[data-test=answer-state][data-state=answered]').waitFor();
    await page.click(`[data-test="attach-${citizen.open.id}"]`);
    await page.locator('[data-test=notice]').waitFor();

    await page.selectOption('[data-test=transfer-kind]', 'user');
    await page.selectOption('[data-test=transfer-user]', String(tarasId));
    await page.check('[data-test=transfer] input[type=radio][value=blind]');
    await screenshot(page, 'transfer-1-panel');
    await page.click('[data-test=transfer-go]');

    const from = two.page.locator('[data-test=transferred-from]');
    await from.waitFor();
    expect(await from.textContent()).toContain('Олена Агент');
    expect(await from.textContent()).toContain(citizen.open.number);
    const card = two.page.locator('[data-test=call-card]');
    expect(await card.textContent()).toContain('Петренко Марія Іванівна');
    expect(await card.locator('[data-test=request-number]').allTextContents()).toContain(citizen.open.number);
    await two.page.locator('[data-test=answer-state][data-state=answered]').waitFor();
    expect(await from.isVisible()).toBe(true);
    await screenshot(two.page, 'transfer-2-colleague-pop');
    // The first agent's part is over: their console leaves the call.
    await page.locator('[data-test=transfer]').waitFor({ state: 'detached' });

    bed.sim.hangup(placed.channel);
    const [transfer] = await eventually(async () => {
      const rows = await bed.t.db.dataSource.query('SELECT mode, to_kind, status, to_user_id FROM call_transfers WHERE call_id = $1 AND ended_at IS NOT NULL', [placed.callId]);
      return rows.length ? rows : null;
    }, 'the transfer closed');
    expect(transfer).toEqual({ mode: 'blind', to_kind: 'user', status: 'answered', to_user_id: tarasId });
  }, 120_000);
});
