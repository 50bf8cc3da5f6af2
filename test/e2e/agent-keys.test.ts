import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCallsTestbed, type CallsTestbed } from '../integration/calls-harness';
import { builtConsole, hasChromium, launchBrowser, loginAs, screenshot, type Browser } from '../setup/browser';

const PHONE = '+380677770055';
let bed: CallsTestbed;
let agent: Browser;
let agentId: number;
let dir: string;
/** The agent's habits: the first topic wrapped up twice, the second once, so 1 and 2 are theirs in that order. */
let habits: string[];

describe('the agent\'s keys on the Requests page (real Chromium, PBX simulator, PostgreSQL)', () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error('the browser tests need Debian\'s chromium: apt-get install -y chromium');
    const clientDir = await builtConsole();
    dir = await mkdtemp(path.join(tmpdir(), 'keys-recordings-'));
    bed = await startCallsTestbed(
      { queues: [{ name: 'support', members: ['PJSIP/1001'] }], monitorDir: dir },
      { clientDir, calls: { recordings: { mode: 'queues', dir, minFreeMb: 0 } } },
    );
    const { user } = await bed.t.login({ role: 'agent', username: 'oksana', fullName: 'Оксана Агент', interface: 'PJSIP/1001', password: 'password123' });
    agentId = user.id;
    const ds = bed.t.db.dataSource;
    habits = (await ds.query('SELECT code FROM topics WHERE parent_code IS NOT NULL AND active ORDER BY code LIMIT 2')).map((r: { code: string }) => r.code);
    for (const [i, code] of [habits[0], habits[0], habits[1]].entries()) {
      await ds.query(
        `INSERT INTO calls (id, caller_number, queue, direction, agent_user_id, queued_at, answered_at, ended_at, outcome, wrap_up_kind, wrap_up_topic_code, wrapped_up_at)
         VALUES ($1, '+380671110000', 'support', 'in', $2, now() - interval '2 days', now() - interval '2 days', now() - interval '2 days', 'answered', 'consultation', $3, now() - interval '2 days')`,
        [`habit-${i}`, agentId, code],
      );
    }
    agent = await launchBrowser();
    await loginAs(agent.page, bed.t.baseUrl, 'oksana', 'password123');
  }, 240_000);

  afterAll(async () => {
    await agent?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('when an agent on a call on the Requests page presses m, h, then 2 and Enter, then the recording pauses, the call ends and is wrapped up on their second topic', async () => {
    const { page } = agent;
    const placed = bed.sim.placeCall({ from: PHONE, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 500, talkMs: 600_000, linkedId: `keys-${process.pid}` });
    await page.locator('[data-test=answer-state][data-state=answered]').waitFor();
    await page.click('[data-test=nav-requests]');
    const bar = page.locator('[data-test=call-bar]');
    await bar.locator('[data-test=call-bar-state][data-state=in_call]').waitFor();
    await bar.locator('[data-test=call-bar-recording][data-paused=false]').waitFor();

    await page.keyboard.press('m');
    await bar.locator('[data-test=call-bar-recording][data-paused=true]').waitFor();
    await page.keyboard.press('m');
    const paused = await eventually(async () => {
      const rows = await bed.t.db.dataSource.query(`SELECT action, user_id FROM recording_events WHERE call_id = $1 AND action = 'paused'`, [placed.callId]);
      return rows.length ? rows : null;
    }, 'the pause on the recording\'s timeline');
    expect(paused).toEqual([{ action: 'paused', user_id: agentId }]);
    await screenshot(page, 'agent-keys-1-recording-paused');

    await page.keyboard.press('h');
    await bar.locator('[data-test=call-bar-state][data-state=wrap_up]').waitFor();
    expect(page.url()).toMatch(/\/requests$/);
    const [ended] = await eventually(async () => {
      const rows = await bed.t.db.dataSource.query('SELECT hangup_by FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [placed.callId]);
      return rows.length ? rows : null;
    }, 'the call ended in the log');
    expect(ended.hangup_by).toBe('console');

    await page.keyboard.press('2');
    await page.locator('[data-test=wrap-up-quick-2][aria-pressed=true]').waitFor();
    await page.locator('[data-test=wrap-up-submit]:focus').waitFor();
    expect(await page.locator('[data-test=wrap-up-consultation]').isChecked()).toBe(true);
    await screenshot(page, 'agent-keys-2-wrap-up-topic');
    await page.keyboard.press('Enter');
    await page.locator('[data-test=notice]').waitFor();
    const [wrapped] = await bed.t.db.dataSource.query('SELECT wrap_up_kind, wrap_up_topic_code FROM calls WHERE id = $1', [placed.callId]);
    expect(wrapped).toEqual({ wrap_up_kind: 'consultation', wrap_up_topic_code: habits[1] });
  }, 120_000);

  it('when the agent presses p, Tab and Enter, then they pause with the chosen reason; r makes them ready again; ? lists the keys', async () => {
    const { page } = agent;
    await page.locator('[data-test=status-bar] [data-test=agent-state][data-state=available]').waitFor();
    await page.keyboard.press('p');
    await page.locator('[data-test=pause-reason-select]:focus').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('[data-test=status-bar] [data-test=agent-state][data-state=paused]').waitFor();
    await page.keyboard.press('r');
    await page.locator('[data-test=status-bar] [data-test=agent-state][data-state=available]').waitFor();
    await page.keyboard.press('?');
    await page.locator('[data-test=hot-keys]').waitFor();
    expect(await page.locator('[data-test=hot-keys] kbd').allTextContents()).toContain('m');
    await page.keyboard.press('Escape');
    await page.locator('[data-test=hot-keys]').waitFor({ state: 'detached' });
  }, 60_000);
});
