import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { eventually, seedCitizen, startCallsTestbed, type CallsTestbed, type Console } from './calls-harness';

/**
 * Transfers from the console (issue 23 item 3) against the simulator over AMI: blind to a colleague, to a queue
 * and to a number; attended, completed and cancelled; a target that never answers; the transferring agent's
 * browser closed mid-transfer; only the agent on the call may transfer it.
 */
let bed: CallsTestbed;
type Agent = { cookie: string; user: { id: number }; desk: Console };
let a1: Agent;
let a2: Agent;
let a3: Agent;
let citizen: Awaited<ReturnType<typeof seedCitizen>>;
const PHONE = '+380661230001';

async function agent(iface: string, fullName: string): Promise<Agent> {
  const { cookie, user } = await bed.t.login({ role: 'agent', interface: iface, fullName });
  return { cookie, user, desk: await bed.open(cookie) };
}

beforeAll(async () => {
  // PJSIP/1003 never picks up a transfer (its queue calls are scripted): the "target does not answer" fault.
  bed = await startCallsTestbed({ agents: 3, transfers: { answer: (device) => ({ answers: device !== 'PJSIP/1003', ringMs: 150 }), ringTimeoutMs: 600 } });
  citizen = await seedCitizen(bed.t, PHONE);
  a1 = await agent('PJSIP/1001', 'Олена Перша');
  a2 = await agent('PJSIP/1002', 'Іван Другий');
  a3 = await agent('PJSIP/1003', 'Марія Третя');
});

const post = (path: string, cookie: string, json?: unknown) => bed.t.fetch(path, { method: 'POST', cookie, json });

/** A call from PHONE answered by `who`; resolves once its console knows. */
async function answered(who: Agent, iface: string, from = PHONE) {
  const placed = bed.sim.placeCall({ from, queue: 'support', answeredBy: iface, ringMs: 50, talkMs: 120_000 });
  await who.desk.next('call:answered', (c) => c.callId === placed.callId);
  return placed;
}

const transfersOf = (callId: string) =>
  bed.t.db.dataSource.query('SELECT * FROM call_transfers WHERE call_id = $1 ORDER BY requested_at', [callId]) as Promise<Array<Record<string, unknown>>>;

/** The colleague the queue gave a transferred caller to (whoever was free), once their pop says from whom. */
const takenBy = (callId: string) =>
  eventually(async () => [a2, a3].find((a) => a.desk.named('call:offered').some((c) => c.callId === callId && c.transferredFrom)) ?? null, 'a colleague offered the call');

/** Everyone who talked on the call classifies it, so their desks are free for the next test. */
async function classifyAll(callId: string) {
  await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1 AND ended_at IS NOT NULL', [callId]))[0], 'the call ended');
  for (const who of [a2, a3]) if (who.desk.named('call:answered').some((c) => c.callId === callId)) await classify(who, callId);
}

async function classify(who: Agent, callId: string) {
  const res = await post(`/api/calls/${callId}/wrap-up`, who.cookie, { kind: 'consultation', topicCode: citizen.topicCode });
  expect(res.status).toBe(200);
}

describe('transfers from the console', () => {
  it('when an agent opens the transfer panel, then it lists every active colleague with a phone by name (the queue snapshots agents get carry no members), not the agent themselves', async () => {
    await bed.t.login({ role: 'agent', fullName: 'Без Телефону' });
    const res = await bed.t.fetch('/api/calls/transfer-targets', { cookie: a1.cookie });
    expect(res.status).toBe(200);
    const { colleagues } = await body(res);
    expect(colleagues).toEqual(expect.arrayContaining([
      { userId: a2.user.id, fullName: 'Іван Другий', interface: 'PJSIP/1002' },
      { userId: a3.user.id, fullName: 'Марія Третя', interface: 'PJSIP/1003' },
    ]));
    expect(colleagues.map((c: { userId: number }) => c.userId)).not.toContain(a1.user.id);
    expect(colleagues.map((c: { fullName: string }) => c.fullName)).not.toContain('Без Телефону');
    const supervisor = await bed.t.login({ role: 'supervisor' });
    expect((await bed.t.fetch('/api/calls/transfer-targets', { cookie: supervisor.cookie })).status).toBe(200);
    const official = await bed.t.login({ role: 'official' });
    expect((await bed.t.fetch('/api/calls/transfer-targets', { cookie: official.cookie })).status).toBe(403);
  });

  it('when an agent blind-transfers to a colleague, then the colleague\'s pop says from whom, with the card and the request, and the log keeps both parts', async () => {
    const placed = await answered(a1, 'PJSIP/1001');
    const created = await post('/api/requests', a1.cookie, { citizenId: citizen.citizenId, topicCode: citizen.topicCode, description: 'Немає води з ранку', source: 'call', callId: placed.callId });
    expect(created.status).toBe(201);
    const request = await body(created);

    const res = await post(`/api/calls/${placed.callId}/transfer`, a1.cookie, { to: { userId: a2.user.id }, mode: 'blind' });
    expect(res.status).toBe(202);
    const { transferId } = await body(res);
    expect(transferId).toEqual(expect.any(String));

    const pop = await a2.desk.next('call:offered', (c) => c.callId === placed.callId);
    expect(pop.transferredFrom).toEqual({ userId: a1.user.id, fullName: 'Олена Перша', requestIds: [request.id] });
    expect(pop.card.citizen).toMatchObject({ id: citizen.citizenId });
    await a2.desk.next('call:answered', (c) => c.callId === placed.callId);
    // The first agent's part is over: wrap-up for them, while the colleague talks on.
    await a1.desk.next('call:ended', (c) => c.callId === placed.callId);

    expect(bed.sim.hangup(placed.channel)).toBe(true);
    await a2.desk.next('call:ended', (c) => c.callId === placed.callId);
    const [t] = await eventually(async () => ((await transfersOf(placed.callId))[0]?.ended_at ? transfersOf(placed.callId) : null), 'the transfer closed');
    expect(t).toMatchObject({ id: transferId, mode: 'blind', to_kind: 'user', status: 'answered', from_user_id: a1.user.id, to_user_id: a2.user.id });
    expect(t.from_talk_seconds).toEqual(expect.any(Number));
    expect(t.talk_seconds).toEqual(expect.any(Number));
    // Each agent classifies their own part in turn; both see the call with its transfer.
    await classify(a1, placed.callId);
    await classify(a2, placed.callId);
    for (const who of [a1, a2]) {
      const { items } = await body(await bed.t.fetch('/api/calls/mine', { cookie: who.cookie }));
      expect(items.find((c: { callId: string }) => c.callId === placed.callId)).toMatchObject({
        transfers: [{ mode: 'blind', from: { userId: a1.user.id }, to: { kind: 'user', userId: a2.user.id }, at: expect.any(String) }],
      });
    }
  });

  it('when the colleague never answers a blind transfer, then the caller goes back into the queue and is answered there', async () => {
    // Every version of every transfer row, as a reader could have seen it (the log must never show an answered part without its agent).
    await bed.t.db.dataSource.query(`
      CREATE TABLE IF NOT EXISTS transfer_versions AS SELECT * FROM call_transfers WITH NO DATA;
      CREATE OR REPLACE FUNCTION keep_transfer_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO transfer_versions SELECT NEW.*; RETURN NEW; END $$;
      CREATE OR REPLACE TRIGGER transfer_versions AFTER INSERT OR UPDATE ON call_transfers FOR EACH ROW EXECUTE FUNCTION keep_transfer_version();`);
    const placed = await answered(a1, 'PJSIP/1001', '+380661230002');
    expect((await post(`/api/calls/${placed.callId}/transfer`, a1.cookie, { to: { userId: a3.user.id }, mode: 'blind' })).status).toBe(202);
    await a3.desk.next('call:offered', (c) => c.callId === placed.callId && c.transferredFrom);
    await a3.desk.next('call:retracted', (c) => c.callId === placed.callId);
    // Back in the queue: a free member (1001 owes its wrap-up) gets it, handed on by the same agent.
    const taker = await takenBy(placed.callId);
    await taker.desk.next('call:answered', (c) => c.callId === placed.callId);
    await eventually(async () => ((await transfersOf(placed.callId)).length === 2 ? true : null), 'the queue part recorded');
    expect(await transfersOf(placed.callId)).toMatchObject([{ status: 'no_answer', to_kind: 'user', to_value: String(a3.user.id), to_user_id: null }, { to_kind: 'queue', status: 'answered', from_user_id: a1.user.id, to_user_id: taker.user.id }]);
    expect(await bed.t.db.dataSource.query(`SELECT status, to_user_id FROM transfer_versions WHERE call_id = $1 AND to_kind = 'queue'`, [placed.callId]))
      .toEqual([{ status: 'answered', to_user_id: taker.user.id }]);
    await bed.t.db.dataSource.query('DROP TRIGGER transfer_versions ON call_transfers; DROP TABLE transfer_versions');
    bed.sim.hangup(placed.channel);
    await a1.desk.next('call:ended', (c) => c.callId === placed.callId);
    await classify(a1, placed.callId);
    await classifyAll(placed.callId);
  });

  it('when an agent transfers attended and completes, then the colleague talks to them first and then has the caller', async () => {
    const placed = await answered(a1, 'PJSIP/1001', '+380661230003');
    const res = await post(`/api/calls/${placed.callId}/transfer`, a1.cookie, { to: { userId: a2.user.id }, mode: 'attended' });
    expect(res.status).toBe(202);
    const pop = await a2.desk.next('call:offered', (c) => c.callId === placed.callId);
    expect(pop.transferredFrom).toMatchObject({ userId: a1.user.id });
    await a2.desk.next('call:answered', (c) => c.callId === placed.callId);
    // Still the first agent's call while they consult.
    expect(a1.desk.named('call:ended').some((c) => c.callId === placed.callId)).toBe(false);
    await eventually(async () => (await transfersOf(placed.callId))[0]?.answered_at || null, 'the consultation answered');
    expect((await post(`/api/calls/${placed.callId}/transfer/complete`, a1.cookie)).status).toBe(202);
    await a1.desk.next('call:ended', (c) => c.callId === placed.callId);
    expect(bed.sim.hangup(placed.channel)).toBe(true);
    await a2.desk.next('call:ended', (c) => c.callId === placed.callId);
    const [t] = await eventually(async () => ((await transfersOf(placed.callId))[0]?.ended_at ? transfersOf(placed.callId) : null), 'the transfer closed');
    expect(t).toMatchObject({ mode: 'attended', status: 'answered', to_user_id: a2.user.id });
    await classify(a1, placed.callId);
    await classify(a2, placed.callId);
  });

  it('when an attended transfer is cancelled, then the colleague\'s desk is freed and the agent still has the caller', async () => {
    const placed = await answered(a1, 'PJSIP/1001', '+380661230004');
    expect((await post(`/api/calls/${placed.callId}/transfer`, a1.cookie, { to: { userId: a2.user.id }, mode: 'attended' })).status).toBe(202);
    await a2.desk.next('call:answered', (c) => c.callId === placed.callId);
    await eventually(async () => (await transfersOf(placed.callId))[0]?.answered_at || null, 'the consultation answered');
    expect((await post(`/api/calls/${placed.callId}/transfer/cancel`, a1.cookie)).status).toBe(202);
    await a2.desk.next('call:retracted', (c) => c.callId === placed.callId && c.reason === 'transfer_cancelled');
    await eventually(async () => (await transfersOf(placed.callId))[0]?.status === 'cancelled' || null, 'the transfer cancelled');
    // The colleague is free for the queue again (no wrap-up hold for a consultation).
    await eventually(async () => bed.telephony.snapshot().queues[0]?.members.find((m) => m.interface === 'PJSIP/1002')?.paused === false || null, 'PJSIP/1002 unpaused');
    expect((await post(`/api/calls/${placed.callId}/transfer/complete`, a1.cookie)).status).toBe(409);
    // The agent hangs up their own call as usual.
    expect((await post(`/api/calls/${placed.callId}/hangup`, a1.cookie)).status).toBe(202);
    await a1.desk.next('call:ended', (c) => c.callId === placed.callId);
    await classify(a1, placed.callId);
  });

  it('when the agent transfers to a queue or to a number, then the caller is handed on and the transfer says where', async () => {
    const toQueue = await answered(a1, 'PJSIP/1001', '+380661230005');
    expect((await post(`/api/calls/${toQueue.callId}/transfer`, a1.cookie, { to: { queue: 'support' } })).status).toBe(202);
    await a1.desk.next('call:ended', (c) => c.callId === toQueue.callId);
    const taker = await takenBy(toQueue.callId);
    await taker.desk.next('call:answered', (c) => c.callId === toQueue.callId);
    bed.sim.hangup(toQueue.channel);
    await classify(a1, toQueue.callId);
    await classifyAll(toQueue.callId);
    expect((await transfersOf(toQueue.callId))[0]).toMatchObject({ to_kind: 'queue', to_value: 'support' });

    const toNumber = await answered(a1, 'PJSIP/1001', '+380661230006');
    expect((await post(`/api/calls/${toNumber.callId}/transfer`, a1.cookie, { to: { number: '+48221234567' } })).status).toBe(400);
    expect((await post(`/api/calls/${toNumber.callId}/transfer`, a1.cookie, { to: { number: '067 111 22 33' } })).status).toBe(202);
    await a1.desk.next('call:ended', (c) => c.callId === toNumber.callId);
    await eventually(async () => (await transfersOf(toNumber.callId))[0]?.answered_at || null, 'the number answered');
    expect((await transfersOf(toNumber.callId))[0]).toMatchObject({ to_kind: 'number', to_value: '+380671112233', to_user_id: null });
    bed.sim.hangup(toNumber.channel);
    await classify(a1, toNumber.callId);
  });

  it('when someone else, or a bad target, asks for a transfer, then it is refused in the API error shape and nothing is recorded', async () => {
    const placed = await answered(a1, 'PJSIP/1001', '+380661230007');
    const other = await post(`/api/calls/${placed.callId}/transfer`, a2.cookie, { to: { userId: a3.user.id } });
    expect(other.status).toBe(409);
    expect(await body(other)).toMatchObject({ error: { code: 'not_your_call' } });
    const supervisor = await bed.t.login({ role: 'supervisor' });
    expect((await post(`/api/calls/${placed.callId}/transfer`, supervisor.cookie, { to: { userId: a3.user.id } })).status).toBe(409);
    for (const bad of [{}, { to: {} }, { to: { queue: 'x y' } }, { to: { queue: 'nosuch' } }, { to: { userId: a1.user.id } }, { to: { userId: 999999 } }, { to: { number: 'abc' } }, { to: { userId: a2.user.id }, mode: 'later' }, { to: { userId: a2.user.id, queue: 'support' } }]) {
      const res = await post(`/api/calls/${placed.callId}/transfer`, a1.cookie, bad);
      expect(res.status, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(bad)).toBeLessThan(500);
      expect(await body(res)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect(await transfersOf(placed.callId)).toEqual([]);
    expect((await post(`/api/calls/${placed.callId}/transfer/cancel`, a1.cookie)).status).toBe(409);
    // A double click: the second is refused while the first is under way.
    const first = await post(`/api/calls/${placed.callId}/transfer`, a1.cookie, { to: { userId: a3.user.id }, mode: 'attended' });
    const second = await post(`/api/calls/${placed.callId}/transfer`, a1.cookie, { to: { userId: a3.user.id }, mode: 'attended' });
    expect([first.status, second.status]).toEqual([202, 409]);
    await a3.desk.next('call:retracted', (c) => c.callId === placed.callId);
    expect((await post(`/api/calls/${placed.callId}/hangup`, a1.cookie)).status).toBe(202);
    await a1.desk.next('call:ended', (c) => c.callId === placed.callId);
    await classify(a1, placed.callId);
  });

  it("when the transferring agent's browser closes mid-transfer, then the transfer still completes at the PBX and the colleague gets the caller", async () => {
    const placed = await answered(a1, 'PJSIP/1001', '+380661230008');
    expect((await post(`/api/calls/${placed.callId}/transfer`, a1.cookie, { to: { userId: a2.user.id }, mode: 'blind' })).status).toBe(202);
    a1.desk.close();
    await a2.desk.next('call:answered', (c) => c.callId === placed.callId);
    bed.sim.hangup(placed.channel);
    await a2.desk.next('call:ended', (c) => c.callId === placed.callId);
    await classify(a2, placed.callId);
    a1.desk = await bed.open(a1.cookie);
    // Their desk is still theirs to wrap up after the reload.
    expect(a1.desk.named('agent:snapshot')[0]).toMatchObject({ call: { callId: placed.callId, state: 'ended' } });
    await classify(a1, placed.callId);
  });
});
