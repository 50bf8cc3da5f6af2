import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { startConsultationBed, type ConsultationBed } from './consultations-harness';

let bed: ConsultationBed;
beforeAll(async () => {
  bed = await startConsultationBed();
});

type Leg = { id: number; who: string; number: string; state: string; participantId: number | null; muted: boolean; talking: boolean; name: string | null };
type Panel = { id: number; legs: Leg[]; speaking: { name: string | null; question: string | null } | null; waiting: number };
const inRoom = (p: Panel) => p.legs.filter((l) => l.state === 'joined');

async function running(citizens: string[], dialMode: 'parallel' | 'sequential' = 'parallel') {
  const c = await bed.consultation({ dialMode, citizens });
  const panel = await bed.watch(c.id);
  await bed.post(`/api/consultations/${c.id}/start`);
  const wanted = dialMode === 'parallel' ? citizens.length + 1 : 2;
  const ready: Panel = await panel.next('consultation:panel', (p: Panel) => inRoom(p).length === wanted);
  return { c, panel, ready };
}

describe('the live panel', () => {
  it('when citizens talk and are muted, unmuted and kicked, then the panel shows who is in, who talks and whose question is on', async () => {
    const { c, panel, ready } = await running(['0601000001', '0601000002']);
    const [official, first, second] = ready.legs;
    expect(official).toMatchObject({ who: 'official', name: 'Коваль Ірина' });
    const room = bed.telephony.snapshot().conferences.find((r) => r.room === c.room)!;
    const secondChannel = room.participants[2];

    bed.sim.setTalking(secondChannel.channelId, true);
    const talking: Panel = await panel.next('consultation:panel', (p: Panel) => p.speaking !== null);
    expect(talking.speaking).toEqual({ legId: second.id, participantId: second.participantId, name: 'Громадянин 2', question: 'Питання номер 2' });

    expect((await bed.post(`/api/consultations/${c.id}/legs/${first.id}/mute`, { muted: true })).status).toBe(204);
    await panel.next('consultation:panel', (p: Panel) => p.legs.find((l) => l.id === first.id)?.muted === true);
    expect((await bed.post(`/api/consultations/${c.id}/legs/${first.id}/mute`, { muted: false })).status).toBe(204);
    await panel.next('consultation:panel', (p: Panel) => p.legs.find((l) => l.id === first.id)?.muted === false);

    expect((await bed.post(`/api/consultations/${c.id}/legs/${second.id}/kick`)).status).toBe(204);
    const after: Panel = await panel.next('consultation:panel', (p: Panel) => p.legs.find((l) => l.id === second.id)?.state === 'left');
    expect(inRoom(after).map((l) => l.id)).toEqual([official.id, first.id]);
    expect(after.speaking).toBeNull();
    const again = await bed.post(`/api/consultations/${c.id}/legs/${second.id}/kick`);
    expect(again.status).toBe(409);
    panel.close();
  });

  it('when the next citizen is called and a participant added ad hoc, then both are dialled into the room', async () => {
    const { c, panel } = await running(['0602000001', '0602000002'], 'sequential');
    expect((await bed.post(`/api/consultations/${c.id}/next`)).status).toBe(202);
    await panel.next('consultation:panel', (p: Panel) => inRoom(p).length === 3 && p.waiting === 0);
    expect((await bed.post(`/api/consultations/${c.id}/legs`, { number: '+38 (063) 700-00-01' })).status).toBe(202);
    const p: Panel = await panel.next('consultation:panel', (x: Panel) => x.legs.some((l) => l.who === 'guest' && l.state === 'joined'));
    expect(p.legs.find((l) => l.who === 'guest')?.number).toBe('+380637000001');
    const nobody = await bed.post(`/api/consultations/${c.id}/next`);
    expect(nobody.status).toBe(409);
    expect((await body(nobody)).error.code).toBe('nobody_waiting');
    panel.close();
  });

  it('when the AMI link is lost mid-consultation, then after the resync the panel shows the room as it really is', async () => {
    const { c, panel, ready } = await running(['0603000001', '0603000002']);
    const room = bed.telephony.snapshot().conferences.find((r) => r.room === c.room)!;
    const [, first, second] = room.participants;
    bed.sim.setOffline(true);
    await bed.legsIn(c.id, () => bed.telephony.status().state !== 'connected', 'the link down');
    // While we are blind: the first citizen hangs up, the second starts talking.
    bed.sim.hangup(first.channelId);
    bed.sim.setTalking(second.channelId, true);
    bed.sim.setOffline(false);

    const rebuilt: Panel = await panel.next('consultation:panel', (p: Panel) => p.legs[1]?.state === 'left' && p.speaking !== null, 15_000);
    expect(inRoom(rebuilt).map((l) => l.id)).toEqual([ready.legs[0].id, ready.legs[2].id]);
    expect(rebuilt.speaking?.question).toBe('Питання номер 2');
    panel.close();
  });

  it('when an official watches, then only their own consultation is shown, with numbers masked; another official is refused', async () => {
    const { c, panel } = await running(['0604000001']);
    const own = await bed.watch(c.id, bed.official.cookie);
    expect(own.panel.legs.find((l: Leg) => l.who === 'citizen').number).toMatch(/\*\*\*/);
    const stranger = await bed.t.login({ role: 'official', phone: '0674449999' });
    await expect(bed.watch(c.id, stranger.cookie)).rejects.toThrow(/not_found/);
    const leg = own.panel.legs.find((l: Leg) => l.who === 'citizen');
    expect((await bed.post(`/api/consultations/${c.id}/legs/${leg.id}/mute`, { muted: true }, stranger.cookie)).status).toBe(404);
    expect((await bed.post(`/api/consultations/${c.id}/legs/${leg.id}/mute`, { muted: true }, bed.agent)).status).toBe(403);
    expect((await bed.post(`/api/consultations/${c.id}/legs/${leg.id}/mute`, { muted: true }, bed.official.cookie)).status).toBe(204);
    own.close();
    panel.close();
  });
});

describe('outcomes and the summary', () => {
  it('when one question is answered and another becomes a request, then the request is routed with source consultation and the summary counts both', async () => {
    const { c, panel } = await running(['0605000001', '0605000002']);
    const view = await bed.view(c.id);
    const [p1, p2] = view.participants;
    const [topic] = await bed.t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL ORDER BY code LIMIT 1');
    const answered = await bed.post(`/api/consultations/${c.id}/participants/${p1.id}/outcome`, { outcome: 'answered' }, bed.official.cookie);
    expect(answered.status).toBe(200);
    const made = await body(await bed.post(`/api/consultations/${c.id}/participants/${p2.id}/outcome`, { outcome: 'request', topicCode: topic.code }));
    const request = made.participants.find((p: { id: number }) => p.id === p2.id).request;
    expect(request.number).toBeTruthy();
    const saved = await body(await bed.t.fetch(`/api/requests/${request.id}`, { cookie: bed.supervisor }));
    expect(saved).toMatchObject({ source: 'consultation', description: 'Питання номер 2', topic: { code: topic.code }, dueAt: expect.any(String) });
    const twice = await bed.post(`/api/consultations/${c.id}/participants/${p2.id}/outcome`, { outcome: 'answered' });
    expect(twice.status).toBe(409);

    await bed.post(`/api/consultations/${c.id}/end`);
    const [summary] = await bed.t.db.dataSource.query('SELECT * FROM consultation_summaries WHERE consultation_id = $1', [c.id]);
    expect(summary).toMatchObject({ held: true, questions: 2, answered: 1, requests_made: 1, legs_dialled: 3, legs_joined: 3 });
    panel.close();
  });
});
