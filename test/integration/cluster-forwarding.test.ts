import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { body, startTestApp } from '../setup/app';
import { connectConsole } from './calls-harness';

/**
 * A node that is not the AMI leader forwards telephony actions to the leader through PostgreSQL; when no
 * leader answers (a fail-over in progress) the caller gets a 503 after the forwarding timeout, not a hang.
 */
describe('a node without a leader to answer', async () => {
  const pool = new pg.Pool({ connectionString: inject('postgresUrl'), max: 2 });
  afterAll(() => pool.end());
  const t = await startTestApp({ cluster: { nodeId: 'lonely', pool, isLeader: () => false, nodesAlive: () => 1, forwardTimeoutMs: 300 } });

  it('when an action needs the leader and none answers, then 503 telephony_unavailable, over HTTP and over the socket', async () => {
    const agent = await t.login({ role: 'agent', interface: 'PJSIP/1001' });
    const supervisor = await t.login({ role: 'supervisor' });
    const res = await t.fetch(`/api/agents/${agent.user.id}/pause`, { method: 'POST', cookie: supervisor.cookie, json: { paused: true, reason: 'break' } });
    expect(res.status).toBe(503);
    expect((await body(res)).error.code).toBe('telephony_unavailable');
    const originate = await t.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number: '0671234567' } });
    expect(originate.status).toBe(503);

    const c = connectConsole(t.baseUrl, agent.cookie);
    // No leader greets it either: the console is told the phone system is away.
    expect((await c.next('telephony:status')).state).toBe('disconnected');
    const ack = await c.socket.timeout(5000).emitWithAck('agent:pause', { paused: true, reason: 'break' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'telephony_unavailable' } });
    c.close();
  });

  it('when health is asked on a node that is not the leader, then the AMI link is standby and the node says so', async () => {
    // The node's name and the cluster are details for staff: a logged-in user asks.
    const health = await body(await t.fetch('/api/health', { cookie: (await t.login({ role: 'supervisor' })).cookie }));
    expect(health).toMatchObject({ status: 'ok', ami: { state: 'standby' }, node: { id: 'lonely', leader: false }, cluster: { nodes: 1 } });
  });
});
