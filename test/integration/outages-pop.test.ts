import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { seedCitizen, startCallsTestbed, waitFor, type CallsTestbed, type Console } from './calls-harness';

let bed: CallsTestbed;
let agent: { cookie: string; user: { id: number } };
let supervisor: { cookie: string };
let desk: Console;
const PHONE = '+380671112233';
const NEIGHBOUR = '+380671112244';
const STRANGER = '+380671112255';

const register = async (json: object) => body(await bed.t.fetch('/api/outages', {
  method: 'POST', cookie: supervisor.cookie,
  json: { kind: 'water', text: 'Аварія на водогоні по вул. Лермонтова; воду дадуть до вечора.', startsAt: new Date(Date.now() - 3_600_000).toISOString(), ...json },
}));
const close = (id: number) => bed.t.fetch(`/api/outages/${id}/close`, { method: 'POST', cookie: supervisor.cookie });

beforeAll(async () => {
  bed = await startCallsTestbed({ queues: [{ name: 'hotline', members: ['PJSIP/1001'] }] }, { calls: { deadlineMs: 5_000 } });
  agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' });
  supervisor = await bed.t.login({ role: 'supervisor' });
  await seedCitizen(bed.t, PHONE); // lives at вул. Лермонтова, 5
  await seedCitizen(bed.t, NEIGHBOUR, { fullName: 'Коваль Петро' });
  await bed.t.outages.ready;
  desk = await bed.open(agent.cookie);
});

describe('the pop knows the outage before the caller speaks', () => {
  it('when a caller inside an active outage rings and the outage is closed while it rings, then the card says so first and then drops it', async () => {
    const o = await register({ addresses: [{ street: 'вул. Лермонтова', buildings: '1-25 odd' }] });
    const placed = bed.sim.placeCall({ from: PHONE, queue: 'hotline', answeredBy: 'PJSIP/1001', ringMs: 60_000 });
    const offered = await desk.next('call:offered', (c) => c.callId === placed.callId);
    expect(offered.card.outages).toEqual([expect.objectContaining({ id: o.id, kind: 'water', text: o.text, incidentId: null })]);
    expect((await close(o.id)).status).toBe(200);
    const update = await desk.next('call:card', (c) => c.callId === placed.callId);
    expect(update.card.outages).toEqual([]);
    expect(update.card.citizen.address).toBe('вул. Лермонтова, 5');
    bed.sim.hangup(placed.channel);
    await desk.next('call:retracted', (c) => c.callId === placed.callId);
  });

  it('when an outage is declared while a caller of that street rings, then the card gains it', async () => {
    const placed = bed.sim.placeCall({ from: PHONE, queue: 'hotline', answeredBy: 'PJSIP/1001', ringMs: 60_000 });
    const offered = await desk.next('call:offered', (c) => c.callId === placed.callId);
    expect(offered.card.outages).toEqual([]);
    const o = await register({ addresses: [{ street: 'Лермонтова' }] });
    const update = await desk.next('call:card', (c) => c.callId === placed.callId);
    expect(update.card.outages.map((x: { id: number }) => x.id)).toEqual([o.id]);
    bed.sim.hangup(placed.channel);
    await desk.next('call:retracted', (c) => c.callId === placed.callId);
    await close(o.id);
  });

  it('when two callers attach their calls to the outage, then both join one mass incident instead of new requests', async () => {
    const o = await register({ addresses: [{ street: 'вул. Лермонтова', buildings: '1-9' }] });
    const incidents: number[] = [];
    for (const from of [PHONE, NEIGHBOUR, STRANGER]) {
      const placed = bed.sim.placeCall({ from, queue: 'hotline', answeredBy: 'PJSIP/1001', ringMs: 200, talkMs: 60_000 });
      await desk.next('call:answered', (c) => c.callId === placed.callId);
      const res = await bed.t.fetch(`/api/outages/${o.id}/attach`, { method: 'POST', cookie: agent.cookie, json: { callId: placed.callId } });
      expect(res.status).toBe(201);
      incidents.push((await body(res)).incidentId);
      bed.sim.hangup(placed.channel);
      await desk.next('call:ended', (c) => c.callId === placed.callId);
      // Attaching classified the call: the agent is free again without a wrap-up.
      await waitFor(() => !bed.telephony.snapshot().queues[0]?.members.some((m) => m.paused), 'no wrap-up hold');
    }
    expect(new Set(incidents).size).toBe(1);
    const ds = bed.t.db.dataSource;
    const [incident] = await ds.query('SELECT flags, topic_code AS "topicCode", description FROM requests WHERE id = $1', [incidents[0]]);
    expect(incident).toEqual({ flags: expect.arrayContaining(['mass']), topicCode: 'HS.01', description: o.text });
    const linked = await ds.query('SELECT count(*)::int AS n FROM call_requests WHERE request_id = $1', [incidents[0]]);
    expect(linked[0].n).toBe(3);
    expect(await ds.query('SELECT count(*)::int AS n FROM requests WHERE description = $1', [o.text])).toEqual([{ n: 1 }]);
    const listed = await body(await bed.t.fetch(`/api/outages/${o.id}`, { cookie: supervisor.cookie }));
    expect(listed).toMatchObject({ incidentId: incidents[0], attachedCalls: 3 });
    await close(o.id);
  });

  it('when the outage was closed before the agent attached, then 409 outage_closed and the call stays unclassified', async () => {
    const o = await register({ addresses: [{ street: 'вул. Лермонтова' }] });
    const placed = bed.sim.placeCall({ from: STRANGER, queue: 'hotline', answeredBy: 'PJSIP/1001', ringMs: 200, talkMs: 60_000 });
    await desk.next('call:answered', (c) => c.callId === placed.callId);
    await close(o.id);
    const res = await bed.t.fetch(`/api/outages/${o.id}/attach`, { method: 'POST', cookie: agent.cookie, json: { callId: placed.callId } });
    expect(res.status).toBe(409);
    expect((await body(res)).error.code).toBe('outage_closed');
    const [call] = await bed.t.db.dataSource.query('SELECT wrap_up_kind FROM calls WHERE id = $1', [placed.callId]);
    expect(call.wrap_up_kind).toBeNull();
    bed.sim.hangup(placed.channel);
    await desk.next('call:ended', (c) => c.callId === placed.callId);
  });
});
