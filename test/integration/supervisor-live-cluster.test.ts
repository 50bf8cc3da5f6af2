import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { body, startTestApp } from '../setup/app';
import { connectConsole } from './calls-harness';

/** The live page is the AMI leader's; a node that is not the leader asks it, and says so when none answers. */
describe('the live page on a node without a leader to answer', async () => {
  const pool = new pg.Pool({ connectionString: inject('postgresUrl'), max: 2 });
  afterAll(() => pool.end());
  const t = await startTestApp({ cluster: { nodeId: 'lonely', pool, isLeader: () => false, nodesAlive: () => 1, forwardTimeoutMs: 300 } });

  it('when a supervisor asks for the live page and no leader answers, then 503 (HTTP and socket), never a 500 or a stale guess', async () => {
    const supervisor = await t.login({ role: 'supervisor' });
    const res = await t.fetch('/api/supervisor/live', { cookie: supervisor.cookie });
    expect(res.status).toBe(503);
    expect((await body(res)).error.code).toBe('telephony_unavailable');
    const c = connectConsole(t.baseUrl, supervisor.cookie);
    const ack = await c.socket.timeout(5000).emitWithAck('supervisor:snapshot', {});
    expect(ack).toMatchObject({ ok: false, error: { code: 'telephony_unavailable' } });
    c.close();
  });
});
