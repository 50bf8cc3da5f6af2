import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { channels, hangupAll, placeCallers, setPhone } from './lab';
import { classify, connectConsole, median, report, startLabBed, until, type LabBed, type LabConsole } from './testbed';

/**
 * Listen through the server's API against Asterisk 22 (issue 23 item 4): the supervisor's phone (the lab's fake
 * phone 1006) is originated into ChanSpy on agent 1004's leg; ten sessions, the time from the API call to
 * ChanSpyStart printed.
 */
let bed: LabBed;
let agent: LabConsole;
let supervisor: { cookie: string; userId: number };
const RUNS = Number(process.env.COACHING_RUNS ?? 10);

beforeAll(async () => {
  bed = await startLabBed();
  agent = await bed.agent('1004');
  for (const a of bed.lab.agents) await setPhone(bed.lab, a.ext, { ring: 1, talk: 600 });
  await setPhone(bed.lab, '1006', { ring: 1, talk: 600 });
  const login = await bed.t.login({ role: 'supervisor', interface: 'Local/1006@agent-phones/n', username: `labsup_${process.pid}` });
  supervisor = { cookie: login.cookie, userId: login.user.id };
  connectConsole(bed.t.baseUrl, 'supervisor', login.user.id, login.cookie);
  // The other lab member is an agent on lunch: the queue gives every caller to 1004.
  const other = await bed.agent('1005');
  await bed.t.fetch(`/api/agents/${other.userId}/pause`, { method: 'POST', cookie: login.cookie, json: { paused: true, reason: 'lunch' } });
});

beforeEach(async () => {
  await hangupAll(bed.driver);
  await until(async () => (await channels(bed.driver)).length === 0, 'an idle lab', 10_000);
});

describe('listen through a real Asterisk', () => {
  it('when a supervisor listens to agent 1004 and stops, then ChanSpy runs on the agent\'s leg, the agent sees the badge, and the session is audited', async () => {
    const toStart: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await hangupAll(bed.driver);
      await until(async () => (await channels(bed.driver)).length === 0, 'an idle lab', 10_000);
      const callId = `spy-${i}-${process.pid}`;
      await placeCallers(bed.driver, [callId], { cidPrefix: '+38067500' });
      await agent.next('call:answered', (c) => c.callId === callId, { timeoutMs: 20_000 });
      const at = Date.now();
      const res = await bed.t.fetch('/api/supervisor/spy', { method: 'POST', cookie: supervisor.cookie, json: { agentUserId: agent.userId, mode: 'listen' } });
      const reply = await body(res);
      expect(res.status, JSON.stringify(reply)).toBe(202);
      const start = await until(() => bed.listener.events.find((m) => m.Event === 'ChanSpyStart' && m.at >= at), 'ChanSpyStart from the PBX', 15_000);
      expect(start.SpyeeChannel).toMatch(/^Local\/1004@agent-phones/);
      toStart.push(start.at - at);
      await agent.next('coach:started', (e) => e.sessionId === reply.sessionId, { since: at });
      expect((await bed.t.fetch(`/api/supervisor/spy/${reply.sessionId}`, { method: 'DELETE', cookie: supervisor.cookie })).status).toBe(204);
      await agent.next('coach:ended', (e) => e.sessionId === reply.sessionId, { since: at });
      await hangupAll(bed.driver);
      await agent.next('call:ended', (c) => c.callId === callId, { since: at });
      await classify(bed, agent, callId);
    }
    const audited = await bed.t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'coach' AND user_id = $1`, [supervisor.userId]);
    expect(audited[0].n).toBe(RUNS);
    report(`coaching listen ×${RUNS}: API → ChanSpyStart median ${median(toStart)} ms, min ${Math.min(...toStart)}, max ${Math.max(...toStart)}`);
  });
});
