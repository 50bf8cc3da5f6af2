import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCallsTestbed, type CallsTestbed, type Console } from './calls-harness';

let bed: CallsTestbed;
let agent: Console;
let supervisor: Console;

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 2 });
  agent = await bed.open((await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' })).cookie);
  supervisor = await bed.open((await bed.t.login({ role: 'supervisor' })).cookie);
});

describe('when Asterisk goes away', () => {
  it('when a console connects, then it is told the phone system is connected', async () => {
    expect(await agent.next('telephony:status')).toMatchObject({ state: 'connected' });
    expect(await supervisor.next('telephony:status')).toMatchObject({ state: 'connected' });
  });

  it('when Asterisk is killed mid-call, then every console is told, the agent keeps the card, and the call ends when it was last known alive, estimated', async () => {
    const placed = bed.sim.placeCall({ from: '+380671230001', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 600_000 });
    const answered = await agent.next('call:answered', (c) => c.callId === placed.callId);
    const killedAt = Date.now();
    bed.sim.crash();
    expect(await agent.next('telephony:status', (s) => s.state !== 'connected')).toMatchObject({ state: 'disconnected' });
    await supervisor.next('telephony:status', (s) => s.state === 'disconnected');
    // The outage lasts; nothing of the call is thrown away on the agent's screen meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(agent.named('call:ended').filter((c) => c.callId === placed.callId)).toEqual([]);

    bed.sim.setOffline(false);
    await agent.next('telephony:status', (s) => s.state === 'connected');
    const ended = await agent.next('call:ended', (c) => c.callId === placed.callId);
    expect(Date.parse(ended.endedAt)).toBeLessThan(killedAt + 1000);
    const [row] = await eventually(async () => {
      const rows = await bed.t.db.dataSource.query('SELECT ended_at, ended_estimated, talk_seconds, outcome FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [placed.callId]);
      return rows.length ? rows : null;
    }, 'the call closed in the log');
    expect(row).toMatchObject({ ended_estimated: true, outcome: 'answered' });
    // The resync's own sweep of vanished calls writes the same moment, whichever of the two writes first.
    expect(new Date(row.ended_at).getTime()).toBeLessThan(killedAt + 1000);
    // Talk up to the crash, not up to the reconnect 2.5 s later.
    expect(row.talk_seconds).toBeLessThanOrEqual(Math.ceil((killedAt - Date.parse(answered.answeredAt)) / 1000) + 1);
  });

  it('when Asterisk stops cleanly (Shutdown), then the call ends at that moment, not estimated', async () => {
    const placed = bed.sim.placeCall({ from: '+380671230002', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 600_000 });
    await agent.next('call:answered', (c) => c.callId === placed.callId);
    bed.sim.restart();
    await agent.next('call:ended', (c) => c.callId === placed.callId);
    const [row] = await eventually(async () => {
      const rows = await bed.t.db.dataSource.query('SELECT ended_estimated FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [placed.callId]);
      return rows.length ? rows : null;
    }, 'the call closed in the log');
    expect(row.ended_estimated).toBe(false);
    await agent.next('telephony:status', (s) => s.state === 'connected');
  });
});
