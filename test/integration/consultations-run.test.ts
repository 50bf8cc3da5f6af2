import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { startConsultationBed, type ConsultationBed } from './consultations-harness';

let bed: ConsultationBed;
const OFFICIAL = '+380671110001';
beforeAll(async () => {
  bed = await startConsultationBed();
});

type Leg = { who: string; number: string; state: string; attempts: number; id: number; direction: string; participantId: number | null };
const joined = (legs: Leg[]) => legs.filter((l) => l.state === 'joined');

describe('running a consultation against the PBX simulator', () => {
  it('when started, then the official is dialled into the room first and the citizens one at a time after them', async () => {
    const c = await bed.consultation({ citizens: ['0501000001', '0501000002'] });
    const started = await bed.post(`/api/consultations/${c.id}/start`);
    expect(started.status).toBe(202);

    const legs = await bed.legsIn(c.id, (l: Leg[]) => joined(l).length === 2, 'the official and the first citizen in the room');
    expect(legs.map((l: Leg) => [l.who, l.number, l.state])).toEqual([['official', OFFICIAL, 'joined'], ['citizen', '+380501000001', 'joined']]);
    const room = bed.telephony.snapshot().conferences.find((r) => r.room === c.room);
    expect(room?.participants.map((p) => p.admin)).toEqual([true, false]);

    // One at a time: the second citizen is dialled when the first one hangs up.
    const first = bed.telephony.snapshot().conferences.find((r) => r.room === c.room)!.participants[1];
    bed.sim.hangup(first.channelId);
    const after = await bed.legsIn(c.id, (l: Leg[]) => l.length === 3 && l[2].state === 'joined', 'the second citizen in the room');
    expect(after.map((l: Leg) => l.state)).toEqual(['joined', 'left', 'joined']);
    expect(bed.dial.dialled.filter((n) => n === OFFICIAL)).toHaveLength(1);
  });

  it('when it is started twice, then the second start is refused with 409', async () => {
    const c = await bed.consultation();
    expect((await bed.post(`/api/consultations/${c.id}/start`)).status).toBe(202);
    const again = await bed.post(`/api/consultations/${c.id}/start`);
    expect(again.status).toBe(409);
    expect((await body(again)).error.code).toBe('already_started');
  });

  it('when someone not on the staff tries to start one, then 403 and nothing is dialled', async () => {
    const c = await bed.consultation();
    const before = bed.dial.dialled.length;
    expect((await bed.post(`/api/consultations/${c.id}/start`, {}, bed.agent)).status).toBe(403);
    expect((await bed.post(`/api/consultations/${c.id}/start`, {}, bed.official.cookie)).status).toBe(403);
    expect(bed.dial.dialled.length).toBe(before);
    expect((await bed.view(c.id)).status).toBe('scheduled');
  });

  it('when dialled all at once, then every registered citizen joins after the official', async () => {
    const c = await bed.consultation({ dialMode: 'parallel', citizens: ['0502000001', '0502000002', '0502000003'] });
    await bed.post(`/api/consultations/${c.id}/start`);
    const legs = await bed.legsIn(c.id, (l: Leg[]) => joined(l).length === 4, 'four legs in the room');
    expect(legs[0].who).toBe('official');
    await bed.post(`/api/consultations/${c.id}/end`);
    const ended = await bed.view(c.id);
    expect(ended.status).toBe('ended');
    await bed.legsIn(c.id, (l: Leg[]) => l.every((x) => x.state === 'left'), 'everybody sent away');
  });

  it("when a citizen's line is busy, then they are retried, then marked failed, and the next citizen is called", async () => {
    bed.dial.set('+380503000001', { answer: false, outcome: 'busy', afterMs: 20 });
    const c = await bed.consultation({ citizens: ['0503000001', '0503000002'] });
    await bed.post(`/api/consultations/${c.id}/start`);
    const legs = await bed.legsIn(c.id, (l: Leg[]) => l.length === 3 && l[2].state === 'joined', 'the next citizen after the busy one');
    expect(legs[1]).toMatchObject({ number: '+380503000001', state: 'failed', attempts: 2, lastOutcome: 'busy' });
    expect(bed.dial.dialled.filter((n) => n === '+380503000001')).toHaveLength(2);
  });

  it("when the official's phone does not answer, then it is retried, the organiser is alerted, and no citizen is dialled", async () => {
    const { user } = await bed.t.login({ role: 'official', fullName: 'Мовчазний Посадовець', phone: '0674440000' });
    bed.dial.set('+380674440000', { answer: false, outcome: 'no_answer', afterMs: 20 });
    const c = await bed.consultation({ officialId: user.id, citizens: ['0504000001'] });
    const organiser = await bed.watch(c.id);
    await bed.post(`/api/consultations/${c.id}/start`);
    const alert = await organiser.next('consultation:alert', (a) => a.id === c.id);
    expect(alert.alert).toBe('official_unreachable');
    const view = await bed.view(c.id);
    expect(view.legs).toEqual([expect.objectContaining({ who: 'official', state: 'failed', attempts: 2 })]);
    expect(view.alert).toBe('official_unreachable');
    expect(bed.dial.dialled).not.toContain('+380504000001');
    organiser.close();
  });

  it('when a registered citizen dials in with the PIN, then their leg is matched to their registration by number; a wrong PIN stays out', async () => {
    const c = await bed.consultation({ dialMode: 'parallel' });
    await bed.post(`/api/consultations/${c.id}/participants`, { citizen: { fullName: 'Сам Дзвонить', phone: '0505000001' }, question: 'Про тариф' }, bed.agent);
    bed.dial.set('+380505000001', { answer: false, outcome: 'no_answer', afterMs: 20 });
    await bed.post(`/api/consultations/${c.id}/start`);
    await bed.legsIn(c.id, (l: Leg[]) => l.some((x) => x.who === 'citizen' && x.state === 'failed'), 'the unanswered call-out');
    expect(bed.sim.dialIn('380505000001', c.room, '000000x').admitted).toBe(false);
    expect(bed.sim.dialIn('380505000001', c.room, c.pin).admitted).toBe(true);
    const legs = await bed.legsIn(c.id, (l: Leg[]) => l.some((x) => x.direction === 'in'), 'the dial-in leg');
    const participant = (await bed.view(c.id)).participants[0];
    expect(legs.find((l: Leg) => l.direction === 'in')).toMatchObject({ who: 'citizen', state: 'joined', number: '+380505000001', participantId: participant.id });
  });
});
