import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, seedCitizen, startCallsTestbed, type CallsTestbed, type Console } from './calls-harness';

let bed: CallsTestbed;
let agent: Console;
let citizen: Awaited<ReturnType<typeof seedCitizen>>;
const PHONE = '+380673334455';

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 2 });
  const { cookie } = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
  citizen = await seedCitizen(bed.t, PHONE);
  agent = await bed.open(cookie);
});

async function adminClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

describe('when the database is slow or down during a pop', () => {
  it('when the citizens table is locked, then the pop arrives without history and the card follows when the lock goes', async () => {
    const locker = await adminClient(bed.t.db.url);
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE citizens IN ACCESS EXCLUSIVE MODE');
    const placed = bed.sim.placeCall({ from: PHONE, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 60_000 });
    // The lock is still held here: whatever arrives was sent without waiting for the database.
    const offered = await agent.next('call:offered', (c) => c.callId === placed.callId);
    expect(offered.card).toMatchObject({ historyUnavailable: true, citizen: null });
    await locker.query('COMMIT');
    await locker.end();
    const late = await agent.next('call:card', (c) => c.callId === placed.callId);
    expect(late.card.citizen.id).toBe(citizen.citizenId);
    expect(late.card.openRequests[0].number).toBe(citizen.open.number);
    expect(late.card.historyUnavailable).toBeUndefined();
    await eventually(async () => (await bed.t.db.dataSource.query(
      `SELECT 1 FROM audit_log WHERE entity = 'citizen' AND entity_id = $1 AND detail->>'callId' = $2`, [String(citizen.citizenId), placed.callId]))[0], 'the audit of the late card');
    bed.sim.hangup(placed.channel);
    await agent.next('call:retracted', (c) => c.callId === placed.callId);
  });

  it('when PostgreSQL refuses connections, then the pop still arrives, the card follows and the call is logged once it is back', async () => {
    const admin = await adminClient(inject('postgresUrl'));
    const name = new URL(bed.t.db.url).pathname.slice(1);
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    try {
      const placed = bed.sim.placeCall({ from: PHONE, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 60_000 });
      const offered = await agent.next('call:offered', (c) => c.callId === placed.callId);
      expect(offered.card.historyUnavailable).toBe(true);
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      const late = await agent.next('call:card', (c) => c.callId === placed.callId, 20_000);
      expect(late.card.citizen.id).toBe(citizen.citizenId);
      bed.sim.hangup(placed.channel);
      await agent.next('call:retracted', (c) => c.callId === placed.callId);
      const row = await eventually(async () => {
        const [r] = await bed.t.db.dataSource.query('SELECT * FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [placed.callId]);
        return r;
      }, 'the call in the log', 30_000);
      expect(row).toMatchObject({ caller_number: PHONE, queue: 'support', outcome: 'abandoned' });
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
  });
});
