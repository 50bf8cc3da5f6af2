import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astcli, editQueuesConf, extOf, placeCallers, queueStatus, setPhone, sleep } from './lab';
import { classify, connectConsole, report, startLabBed, until, type LabBed, type LabConsole } from './testbed';

/**
 * Issue 20 items 1 and 2 against Asterisk 22: `module reload app_queue` keeps every static member's pause but drops
 * its reason, and a member added by the reload comes in unpaused. Four agents in four states (wrap-up owed, lunch,
 * offline, on a call) before and after a reload; then `queue reload all` (no event); then a member added.
 */
const REFRESH_WAIT_MS = Number(process.env.LAB_REFRESH_WAIT_MS ?? 120_000);
const EXTRA = ['1006', '1007'];
const iface = (ext: string) => `Local/${ext}@agent-phones/n`;

let bed: LabBed;
let restore: (() => Promise<void>) | null = null;
const consoles = new Map<string, LabConsole>();
let offlineCookie = '';

/** Each member's pause as Asterisk itself reports it: `ext → '-'` (not paused) or `ext → reason` ('' when none). */
async function pauses(): Promise<Record<string, string>> {
  const { members } = await queueStatus(bed.driver, bed.lab.queue);
  return Object.fromEntries(members.map((m) => [extOf(m.location), m.paused ? m.reason : '-']));
}
const show = (p: Record<string, string>) => Object.entries(p).map(([ext, r]) => `${ext}:${r === '-' ? 'available' : `paused(${r || 'no reason'})`}`).join(' ');

async function login(ext: string, open: boolean): Promise<void> {
  const { cookie, user } = await bed.t.login({ role: 'agent', interface: iface(ext), username: `reload${ext}_${process.pid}` });
  if (!open) {
    offlineCookie = cookie;
    return;
  }
  const c = connectConsole(bed.t.baseUrl, `agent ${ext}`, user.id, cookie);
  await c.next('agent:snapshot');
  consoles.set(ext, c);
}

/** app_queue reloads nothing from a queues.conf nobody touched (CONFIG_FLAG_FILEUNCHANGED): save it again first. */
async function reloadEdited(command: string): Promise<void> {
  await editQueuesConf(bed.lab, (text) => `${text.trimEnd()}\n; saved again ${new Date().toISOString()}\n`);
  await astcli(bed.lab, command);
}

const pause = (ext: string, paused: boolean, reason?: string) => consoles.get(ext)!.socket.timeout(5000).emitWithAck('agent:pause', { paused, reason });

beforeAll(async () => {
  bed = await startLabBed();
  // Two more static members: one whose agent never opens the console, one who will be on a call.
  restore = await editQueuesConf(bed.lab, (text) => text.replace(/^(member => Local\/1005@agent-phones\/n.*)$/m, `$1\n${EXTRA.map((ext) => `member => ${iface(ext)},0,lab${ext}`).join('\n')}`));
  for (const ext of ['1004', '1005', '1007']) await login(ext, true);
  await login('1006', false);
  await astcli(bed.lab, 'module reload app_queue');
  for (const ext of ['1004', '1005', '1006', '1007']) await setPhone(bed.lab, ext, { ring: 1, talk: 600 });
});

afterAll(async () => {
  for (const c of consoles.values()) c.close();
  await restore?.();
  await astcli(bed.lab, 'module reload app_queue');
});

describe('pauses through a reload of app_queue on a real Asterisk', () => {
  it('when agents are in wrap-up, on lunch, offline and on a call, then after the reload each has its pause back, and each is freed the way it should be', async () => {
    await until(async () => (await pauses())['1006'] === 'offline', 'the agent without a console paused offline', 30_000);
    // 1007 takes a call and keeps talking; 1004 takes one that ends (a wrap-up owed); 1005 goes to lunch.
    await pause('1004', true, 'break');
    await pause('1005', true, 'break');
    const onCall = `r${Date.now() % 1_000_000}-a`;
    await placeCallers(bed.driver, [onCall], { cidPrefix: '+38067610' });
    await until(() => bed.listener.events.some((m) => m.Event === 'AgentConnect' && m.Linkedid === onCall), '1007 answering', 30_000);
    await setPhone(bed.lab, '1004', { talk: 2 });
    await pause('1004', false);
    const owed = `r${Date.now() % 1_000_000}-b`;
    await placeCallers(bed.driver, [owed], { cidPrefix: '+38067620' });
    await consoles.get('1004')!.next('call:ended', (c) => c.callId === owed, { timeoutMs: 30_000 });
    await pause('1005', true, 'lunch');
    const before = await until(async () => {
      const p = await pauses();
      return p['1004'] === 'wrap_up' && p['1005'] === 'lunch' && p['1006'] === 'offline' && p['1007'] === 'wrap_up' ? p : null;
    }, 'the four states in Asterisk', 15_000);

    const reloadedAt = Date.now();
    await reloadEdited('module reload app_queue');
    const dropped = await pauses();
    const after = await until(async () => {
      const p = await pauses();
      return p['1004'] === 'wrap_up' && p['1005'] === 'lunch' && p['1006'] === 'offline' && p['1007'] === 'wrap_up' ? p : null;
    }, 'every pause back with its reason', 15_000).catch(async (e: Error) => {
      report(`scenario r (module reload): not restored: ${show(await pauses())}`);
      throw e;
    });
    const restoredIn = Date.now() - reloadedAt;
    // Asterisk sends no event for the reasons it dropped; our server's QueuePause after the reload shows it acted.
    const reapplied = bed.listener.events.filter((m) => m.Event === 'QueueMemberPause' && m.at >= reloadedAt && m.at <= reloadedAt + restoredIn + 500);

    // Nobody is free: a caller waits; then each is freed the way the issue says.
    const waiting = `r${Date.now() % 1_000_000}-c`;
    await placeCallers(bed.driver, [waiting], { cidPrefix: '+38067630' });
    await sleep(3000);
    const rungWhileHeld = bed.listener.events.filter((m) => m.Event === 'AgentCalled' && m.Linkedid === waiting).map((m) => extOf(m.Interface));
    const classifiedAt = Date.now();
    expect(await classify(bed, consoles.get('1004')!, owed)).toBe(200);
    const rung = await until(() => bed.listener.events.find((m) => m.Event === 'AgentCalled' && m.Linkedid === waiting), 'the waiting caller rung after the wrap-up', 15_000);
    const offline = connectConsole(bed.t.baseUrl, 'agent 1006', 0, offlineCookie);
    consoles.set('1006', offline);
    await until(async () => (await pauses())['1006'] === '-', '1006 logged in with the console', 15_000);
    expect(await pause('1005', false)).toEqual({ ok: true });
    await until(async () => (await pauses())['1005'] === '-', '1005 back from lunch', 15_000);
    report([
      `scenario r (module reload app_queue): before ${show(before)}`,
      `  right after the reload (Asterisk): ${show(dropped)}`,
      `  after our reconcile (${restoredIn} ms after the reload): ${show(after)}; re-applied by QueuePause: ${reapplied.map((m) => `${extOf(m.Interface)}→${m.PausedReason}`).join(' ')}`,
      `  caller waiting during the holds rung at: ${rungWhileHeld.join(',') || 'nobody'}; after 1004 classified: rung at ${extOf(rung.Interface)} ${rung.at - classifiedAt} ms later`,
      `  1006 opened the console → available; 1005 resumed → available; now ${show(await pauses())}`,
    ].join('\n'));
    expect(reapplied.map((m) => extOf(m.Interface)).sort()).toEqual(['1004', '1005', '1006', '1007']);
    expect(rungWhileHeld).toEqual([]);
    expect(extOf(rung.Interface)).toBe('1004');
  });

  it("when 'queue reload all' drops the reasons without any event, then the periodic re-read puts them back", async () => {
    await until(async () => (await pauses())['1007'] === 'wrap_up', '1007 still on its call, held', 5000);
    expect(await pause('1005', true, 'lunch')).toEqual({ ok: true });
    await until(async () => (await pauses())['1005'] === 'lunch', '1005 on lunch', 5000);
    const reloadedAt = Date.now();
    await reloadEdited('queue reload all');
    const dropped = await pauses();
    const after = await until(async () => {
      const p = await pauses();
      return p['1005'] === 'lunch' && p['1007'] === 'wrap_up' ? p : null;
    }, 'the reasons back', REFRESH_WAIT_MS);
    report(`scenario r (queue reload all): right after ${show(dropped)}; restored ${Date.now() - reloadedAt} ms after the reload: ${show(after)}`);
    expect(dropped['1005']).toBe('');
  });

  it('when a member is added by a reload and its agent has no console, then it is paused offline and not rung', async () => {
    await bed.t.login({ role: 'agent', interface: iface('1008'), username: `reload1008_${process.pid}` });
    await setPhone(bed.lab, '1008', { ring: 1, talk: 600 });
    const undo = await editQueuesConf(bed.lab, (text) => text.replace(/^(member => Local\/1007@agent-phones\/n.*)$/m, `$1\nmember => ${iface('1008')},0,lab1008`));
    try {
      const reloadedAt = Date.now();
      await astcli(bed.lab, 'module reload app_queue');
      const first = await pauses();
      await until(async () => (await pauses())['1008'] === 'offline', '1008 paused offline', 15_000);
      const pausedIn = Date.now() - reloadedAt;
      const rung = bed.listener.events.filter((m) => m.Event === 'AgentCalled' && extOf(m.Interface) === '1008' && m.at >= reloadedAt);
      report(`scenario r (member added): right after the reload 1008 was ${first['1008'] === '-' ? 'available' : first['1008']}; paused offline ${pausedIn} ms after the reload; rung ${rung.length} times`);
      expect(rung).toEqual([]);
    } finally {
      await undo();
    }
  });
});
