import { beforeAll, describe, expect, it } from 'vitest';
import { startConsultationBed, type ConsultationBed } from './consultations-harness';
import { telephonyEvent } from './calls-harness';

type Leg = { who: string; number: string; state: string; attempts: number; id: number; direction: string; participantId: number | null; lastOutcome: string | null; retryAt: string | null };
const RETRY_MS = 1500;

let bed: ConsultationBed;
beforeAll(async () => {
  bed = await startConsultationBed({ retries: 2, retryDelayMs: RETRY_MS });
});

const outbound = (legs: Leg[], number: string) => legs.find((l) => l.number === number && l.direction === 'out');
const times = (number: string) => bed.dial.dialled.filter((n) => n === number).length;

describe('retries of consultation legs', () => {
  it('when a citizen whose call-out failed dials in before the retry, then the retry is cancelled and they are not dialled again', async () => {
    bed.dial.set('+380504000001', { answer: false, outcome: 'busy', afterMs: 20 });
    bed.dial.set('+380504000002', { answer: false, outcome: 'busy', afterMs: 20 });
    const c = await bed.consultation({ dialMode: 'parallel', citizens: ['0504000001', '0504000002'] });
    await bed.post(`/api/consultations/${c.id}/start`);
    await bed.legsIn(c.id, (l: Leg[]) => l.filter((x) => x.lastOutcome === 'busy').length === 2, 'both call-outs busy, retries pending');

    expect(bed.sim.dialIn('380504000001', c.room, c.pin).admitted).toBe(true);
    const legs = await bed.legsIn(c.id, (l: Leg[]) => l.some((x) => x.direction === 'in' && x.state === 'joined') && outbound(l, '+380504000001')?.state !== 'dialing', 'the dial-in leg, the call-out settled');
    expect(outbound(legs, '+380504000001')).toMatchObject({ state: 'failed', lastOutcome: 'joined_other_leg', retryAt: null });

    // The other citizen's retry was planned after the first one's: once it was dialled, the first one's time had come too.
    await bed.legsIn(c.id, () => times('+380504000002') === 2, "the other citizen's retry");
    expect(times('+380504000001')).toBe(1);
    const after = await bed.view(c.id);
    expect(after.legs.filter((l: Leg) => l.number === '+380504000001' && l.state === 'joined')).toHaveLength(1);
  });

  it('when a citizen dials in while their call-out is still ringing, then the call-out is hung up and they are in the room once', async () => {
    bed.dial.set('+380504000003', { answer: true, afterMs: 2000 });
    const c = await bed.consultation({ dialMode: 'parallel', citizens: ['0504000003'] });
    await bed.post(`/api/consultations/${c.id}/start`);
    await bed.legsIn(c.id, (l: Leg[]) => times('+380504000003') === 1 && l.length === 2, 'the call-out ringing');
    // The only origination still open is the citizen's: its result comes when it is answered or hung up.
    const resolved = telephonyEvent(bed.telephony, (e) => e.name === 'originate:result');

    expect(bed.sim.dialIn('380504000003', c.room, c.pin).admitted).toBe(true);
    await resolved;
    const legs = await bed.legsIn(c.id, (l: Leg[]) => outbound(l, '+380504000003')?.state !== 'dialing', 'the call-out settled');
    expect(outbound(legs, '+380504000003')).toMatchObject({ lastOutcome: 'joined_other_leg', retryAt: null });
    const room = bed.telephony.snapshot().conferences.find((r) => r.room === c.room)!;
    expect(room.participants.filter((p) => p.callerNumber.endsWith('504000003'))).toHaveLength(1);
    expect(times('+380504000003')).toBe(1);
  });

  it("when the official's phone fails, then the panel shows the leg failed, why, and when it is dialled again; then it is dialled again", async () => {
    const { user } = await bed.t.login({ role: 'official', fullName: 'Зайнятий Посадовець', phone: '0675550000' });
    bed.dial.set('+380675550000', { answer: false, outcome: 'busy', afterMs: 20 });
    const c = await bed.consultation({ officialId: user.id });
    const organiser = await bed.watch(c.id);
    const before = Date.now();
    await bed.post(`/api/consultations/${c.id}/start`);
    const failed = await organiser.next('consultation:panel', (p) => p.id === c.id && p.legs[0]?.state === 'failed');
    const leg = failed.legs[0];
    expect(leg).toMatchObject({ who: 'official', state: 'failed', reason: 'busy', attempts: 1 });
    const retryAt = Date.parse(leg.retryAt);
    expect(retryAt).toBeGreaterThanOrEqual(before + RETRY_MS - 1000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + RETRY_MS);

    const again = await organiser.next('consultation:panel', (p) => p.id === c.id && p.legs[0]?.attempts === 2);
    expect(again.legs[0]).toMatchObject({ state: 'dialing', retryAt: null, reason: null });
    organiser.close();
    await bed.post(`/api/consultations/${c.id}/end`);
  });
});
