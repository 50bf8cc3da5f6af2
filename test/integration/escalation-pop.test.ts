import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { eventually, seedCitizen, startCallsTestbed, waitFor, type CallsTestbed, type Console } from './calls-harness';

let bed: CallsTestbed;
let agent: { cookie: string; user: { id: number } };
let supervisor: { cookie: string; user: { id: number } };
let citizen: Awaited<ReturnType<typeof seedCitizen>>;
let desk: Console;
const PHONE = '+380671230001';

beforeAll(async () => {
  bed = await startCallsTestbed({ queues: [{ name: 'support', members: ['PJSIP/1001'] }] }, { calls: { deadlineMs: 5_000 } });
  agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
  supervisor = await bed.t.login({ role: 'supervisor' });
  citizen = await seedCitizen(bed.t, PHONE);
  desk = await bed.open(agent.cookie);
  // Two earlier calls about the open request: the first registered it, the second asked how it goes.
  const ds = bed.t.db.dataSource;
  await ds.query(`INSERT INTO calls (id, caller_number, queue, queued_at, outcome, citizen_id) VALUES
    ('earlier-1', $1, 'support', now() - interval '10 days', 'answered', $2), ('earlier-2', $1, 'support', now() - interval '3 days', 'answered', $2)`,
  [PHONE, citizen.citizenId]);
  await ds.query(`INSERT INTO call_requests (call_id, request_id) VALUES ('earlier-1', $1), ('earlier-2', $1)`, [citizen.open.id]);
});

/** Rings the agent, answers, hangs up; returns the pop and the call's id once the call log has it. */
async function callOnce() {
  const placed = bed.sim.placeCall({ from: PHONE, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 200, talkMs: 60_000 });
  const offered = await desk.next('call:offered', (c) => c.callId === placed.callId);
  await desk.next('call:answered', (c) => c.callId === placed.callId);
  bed.sim.hangup(placed.channel);
  await desk.next('call:ended', (c) => c.callId === placed.callId);
  await eventually(async () => (await bed.t.db.dataSource.query('SELECT 1 FROM calls WHERE id = $1', [placed.callId]))[0], 'the call in the log');
  return { offered, callId: placed.callId };
}

async function attach(callId: string, requestId = citizen.open.id) {
  const res = await bed.t.fetch(`/api/calls/${callId}/wrap-up`, { method: 'POST', cookie: agent.cookie, json: { kind: 'attached', requestId } });
  expect(res.status).toBe(200);
  await waitFor(() => !bed.telephony.snapshot().queues[0]?.members.some((m) => m.paused), 'wrap-up hold lifted');
}

const escalations = async () => (await body(await bed.t.fetch('/api/escalations', { cookie: supervisor.cookie }))).items;

describe('repeat-caller escalation (issue 25, item 5)', () => {
  it('when a citizen calls again about an open request, then the pop says how often and since when, with a notice on its topic', async () => {
    const notice = await body(await bed.t.fetch('/api/notices', { method: 'POST', cookie: supervisor.cookie,
      json: { title: 'Ремонт покрівель: графік', body: 'Т', validUntil: new Date(Date.now() + 86_400_000).toISOString(), topicCodes: [citizen.topicCode] } }));
    const { offered, callId } = await callOnce();
    const [first] = await bed.t.db.dataSource.query(`SELECT queued_at FROM calls WHERE id = 'earlier-1'`);
    expect(offered.card.escalation).toEqual({ requestId: citizen.open.id, number: citizen.open.number, calls: 2, since: new Date(first.queued_at).toISOString(), marked: false });
    expect(offered.card.notices).toEqual([{ id: notice.id, title: 'Ремонт покрівель: графік' }]);

    // The third call, added to the existing request: the timeline counts it, and the supervisor's list gets it.
    await attach(callId);
    await attach(callId); // classifying the same call again counts it once
    const listed = await escalations();
    expect(listed).toEqual([expect.objectContaining({ requestId: citizen.open.id, number: citizen.open.number, reason: 'repeat_calls', calls: 3 })]);
    expect(JSON.stringify(listed)).not.toContain('Петренко');
    const request = await body(await bed.t.fetch(`/api/requests/${citizen.open.id}`, { cookie: supervisor.cookie }));
    const actions = request.timeline.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'call_linked')).toHaveLength(1);
    expect(actions).toContain('escalated');

    const again = await callOnce();
    expect(again.offered.card.escalation).toMatchObject({ requestId: citizen.open.id, calls: 3, marked: true });
    await attach(again.callId);
    expect(await escalations()).toEqual([expect.objectContaining({ requestId: citizen.open.id, calls: 4 })]);
  });

  it('when the supervisor resolves it, then it leaves the list; only supervisors and admins see or resolve it', async () => {
    expect((await bed.t.fetch('/api/escalations', { cookie: agent.cookie })).status).toBe(403);
    expect((await bed.t.fetch(`/api/escalations/${citizen.open.id}/resolve`, { method: 'POST', cookie: agent.cookie })).status).toBe(403);
    expect((await bed.t.fetch(`/api/escalations/${citizen.open.id}/resolve`, { method: 'POST', cookie: supervisor.cookie })).status).toBe(204);
    expect(await escalations()).toEqual([]);
    expect((await bed.t.fetch(`/api/escalations/${citizen.open.id}/resolve`, { method: 'POST', cookie: supervisor.cookie })).status).toBe(404);
    const audit = await bed.t.db.dataSource.query(`SELECT action FROM audit_log WHERE entity = 'escalation' AND entity_id = $1`, [String(citizen.open.id)]);
    expect(audit).toEqual([{ action: 'update' }]);
  });

  it('when the same building and topic come back within the window, however the address is typed, then the latest request is marked', async () => {
    const put = await bed.t.fetch('/api/escalations/settings', { method: 'PUT', cookie: supervisor.cookie, json: { repeatCalls: 3, placeRequests: 3, placeDays: 30 } });
    expect(put.status).toBe(200);
    const register = async (phone: string, address: string) => (await body(await bed.t.fetch('/api/requests', { method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: `Мешканець ${phone}`, phone }, topicCode: citizen.topicCode, description: 'Не працює ліфт', address, source: 'call' } }))).id as number;
    await register('067 000 1101', 'вул. Гагаріна, 12, кв. 4');
    await register('067 000 1102', 'проспект Гагаріна 15');
    const second = await register('067 000 1103', 'Гагаріна вулиця 12 кв 40');
    expect((await escalations()).map((e: { requestId: number }) => e.requestId)).not.toContain(second);
    const third = await register('067 000 1104', 'вул.Гагаріна, буд. 12');
    expect(await escalations()).toEqual(expect.arrayContaining([expect.objectContaining({ requestId: third, reason: 'place' })]));
  });

  it('when the thresholds are malformed or set by an agent, then they are refused and stay as they were', async () => {
    for (const json of [{ repeatCalls: 1, placeRequests: 3, placeDays: 30 }, { repeatCalls: 3, placeRequests: 3 }, { repeatCalls: 3, placeRequests: 3, placeDays: 30, extra: 1 }]) {
      const res = await bed.t.fetch('/api/escalations/settings', { method: 'PUT', cookie: supervisor.cookie, json });
      expect(res.status).toBe(400);
    }
    expect((await bed.t.fetch('/api/escalations/settings', { method: 'PUT', cookie: agent.cookie, json: { repeatCalls: 5, placeRequests: 3, placeDays: 30 } })).status).toBe(403);
    expect(await body(await bed.t.fetch('/api/escalations/settings', { cookie: supervisor.cookie }))).toEqual({ repeatCalls: 3, placeRequests: 3, placeDays: 30 });
  });
});
