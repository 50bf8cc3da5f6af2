import { beforeAll, describe, expect, it } from 'vitest';
import { extOf, placeCallers, queueStatus, setPhone, sleep } from './lab';
import { connectConsole, report, startLabBed, until, type LabBed, type LabConsole } from './testbed';

/**
 * Issue 20 item 8 against Asterisk 22: our server restarts while an agent talks; the call ends while it is down.
 * The new server gives the agent the call back to classify and keeps them held (Asterisk's `wrap_up` pause), so
 * a waiting caller is not put through to them before they classify it.
 */
let bed: LabBed;
let agent: LabConsole;
let other: LabConsole;

beforeAll(async () => {
  bed = await startLabBed();
  agent = await bed.agent('1004');
  other = await bed.agent('1005');
  await setPhone(bed.lab, '1004', { ring: 1, talk: 600 });
  await setPhone(bed.lab, '1005', { ring: 1, talk: 600 });
});

const memberOf = async (ext: string) => (await queueStatus(bed.driver, bed.lab.queue)).members.find((m) => extOf(m.location) === ext);

describe('a wrap-up owed across a restart of our server', () => {
  it('when the call ends while the server is down, then the new server restores it on the desk, the agent stays held, and classifying frees them', async () => {
    expect(await other.socket.timeout(5000).emitWithAck('agent:pause', { paused: true, reason: 'break' })).toEqual({ ok: true });
    const id = `w${Date.now() % 1_000_000}-a`;
    await placeCallers(bed.driver, [id], { cidPrefix: '+38067710' });
    await agent.next('call:answered', (c) => c.callId === id, { timeoutMs: 30_000 });
    await until(async () => (await memberOf('1004'))?.reason === 'wrap_up', 'held since the answer', 10_000);
    agent.close();
    const downAt = Date.now();
    const url = await bed.restartServer(async () => {
      // The agent hangs up while nobody watches: Asterisk hangs up the caller with the agent's fake phone.
      const legs = bed.listener.events.filter((m) => m.Event === 'Newchannel' && m.Linkedid === id && m.Channel.includes('agent-phones'));
      for (const leg of legs) await bed.driver.action({ Action: 'Hangup', Channel: leg.Channel }).catch(() => undefined);
      await until(() => bed.listener.events.some((m) => m.Event === 'Hangup' && m.Linkedid === id), 'the call hung up in Asterisk', 10_000);
      await sleep(500);
    });
    const upAt = Date.now();
    const back = connectConsole(url, 'agent 1004', agent.userId, agent.cookie);
    const restored = await back.next('agent:snapshot', (s) => s.call?.callId === id, { timeoutMs: 15_000 });
    // Logged out with the closed console at first (offline), then back in with it, held for the owed wrap-up.
    const held = await until(async () => { const m = await memberOf('1004'); return m?.reason === 'wrap_up' ? m : null; }, '1004 held for the restored wrap-up', 10_000).catch(() => memberOf('1004'));
    const waiting = `w${Date.now() % 1_000_000}-b`;
    await placeCallers(bed.driver, [waiting], { cidPrefix: '+38067720' });
    await sleep(3000);
    const rungEarly = bed.listener.events.filter((m) => m.Event === 'AgentCalled' && m.Linkedid === waiting);
    const classifiedAt = Date.now();
    const res = await fetch(`${url}/api/calls/${id}/wrap-up`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: agent.cookie }, body: JSON.stringify({ kind: 'consultation', topicCode: bed.topicCode }) });
    const rung = await until(() => bed.listener.events.find((m) => m.Event === 'AgentCalled' && m.Linkedid === waiting), 'the waiting caller rung after the wrap-up', 15_000);
    report(`scenario w (restart during a call): server down ${upAt - downAt} ms, the call ended meanwhile; after the restart the desk shows ${restored.data.state} ${restored.data.call?.state}; ` +
      `Asterisk member 1004 ${held?.paused ? `paused ${held.reason}` : 'available'}; waiting caller rung before classifying: ${rungEarly.length}; wrap-up ${res.status}, then rung at ${extOf(rung.Interface)} ${rung.at - classifiedAt} ms later`);
    back.close();
    expect(restored.data).toMatchObject({ state: 'wrap_up', call: { callId: id, state: 'ended' } });
    expect(held).toMatchObject({ paused: true, reason: 'wrap_up' });
    expect(rungEarly).toEqual([]);
    expect(res.status).toBe(200);
    expect(extOf(rung.Interface)).toBe('1004');
  });
});
