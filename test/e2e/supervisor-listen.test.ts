import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, hasChromium, launchBrowser, loginAs, screenshot, type Browser } from '../setup/browser';

let bed: CallsTestbed;
let agent: Browser;
let supervisor: Browser;
let agentId: number;

/** Issue 23: listen, whisper, stop from the live page's agent grid, seen by the agent and kept in the audit log. */
describe('a supervisor listening in from the agent grid (real Chromium)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    // The supervisor's phone (PJSIP/1008) rings a moment before it answers: the page says so meanwhile.
    bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001'] }], dial: () => ({ answer: true, afterMs: 1500 }) }, { clientDir });
    agentId = (await bed.t.login({ role: 'agent', username: 'olena', fullName: 'Олена Агент', interface: 'PJSIP/1001', password: 'password123' })).user.id;
    await bed.t.login({ role: 'supervisor', username: 'sofia', fullName: 'Софія Супервізор', interface: 'PJSIP/1008', password: 'password123' });
    [agent, supervisor] = await Promise.all([launchBrowser(), launchBrowser()]);
    await loginAs(agent.page, bed.t.baseUrl, 'olena', 'password123');
    const { page } = supervisor;
    await page.goto(`${bed.t.baseUrl}/login`);
    await page.fill('[data-test=login-username]', 'sofia');
    await page.fill('[data-test=login-password]', 'password123');
    await page.click('[data-test=login-submit]');
    await page.locator('[data-test=queue-support]').waitFor();
  }, 240_000);

  afterAll(async () => {
    await agent?.close();
    await supervisor?.close();
  });

  it('when the supervisor clicks listen on an agent on a call, then the agent sees the badge; a reload keeps the session; whisper and stop change the badge; the audit log has the session', async () => {
    const { page } = supervisor;
    const row = page.locator(`[data-test=agent-${agentId}]`);
    await row.locator('[data-test=state][data-state=available]').waitFor();
    expect(await row.locator('[data-test=spy-listen]').count()).toBe(0);

    const placed = bed.sim.placeCall({ from: '+380671234511', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 300, talkMs: 600_000 });
    await row.locator('[data-test=state][data-state=in_call]').waitFor();
    await row.locator('[data-test=spy-listen]').click();

    const panel = page.locator('[data-test=spy-panel]');
    await panel.locator('[data-test=spy-ringing]').waitFor();
    await panel.locator('[data-test=spy-since]').waitFor();
    expect(await panel.locator('[data-test=spy-agent]').textContent()).toBe('Олена Агент');
    expect(await panel.locator('[data-test=spy-mode]').getAttribute('data-mode')).toBe('listen');
    await row.locator('[data-test=spied]').waitFor();
    const badge = agent.page.locator('[data-test=coaching]');
    await badge.waitFor();
    expect(await badge.textContent()).toContain('Супервізор слухає');
    await screenshot(page, 'listen-1-supervisor');
    await screenshot(agent.page, 'listen-2-agent-badge');

    const since = await panel.locator('[data-test=spy-since]').textContent();
    await page.reload();
    await panel.locator('[data-test=spy-mode][data-mode=listen]').waitFor();
    expect((await panel.locator('[data-test=spy-since]').textContent())?.slice(0, 8)).toBe(since?.slice(0, 8));

    await panel.locator('[data-test=spy-switch-whisper]').click();
    await panel.locator('[data-test=spy-mode][data-mode=whisper]').waitFor();
    await agent.page.locator('[data-test=coaching]', { hasText: 'Супервізор підказує вам' }).waitFor();
    await screenshot(page, 'listen-3-whisper');

    await panel.locator('[data-test=spy-stop]').click();
    await panel.locator('[data-test=spy-ended]').waitFor();
    await badge.waitFor({ state: 'detached' });
    await row.locator('[data-test=spy-listen]').waitFor();

    const [audit] = await eventually(async () => {
      const rows = await bed.t.db.dataSource.query(`SELECT entity_id, detail FROM audit_log WHERE action = 'coach'`);
      return rows.length ? rows : null;
    }, 'the session audited');
    expect(audit).toMatchObject({ entity_id: placed.callId, detail: { agentUserId: agentId, mode: 'whisper', reason: 'stopped', durationSeconds: expect.any(Number) } });
    bed.sim.hangup(placed.channel);
  }, 120_000);
});
