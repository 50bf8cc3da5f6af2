import { beforeAll, describe, expect, it } from 'vitest';
import { readTelephonySettings } from '../../server/config';
import { body } from '../setup/app';
import { startConsultationBed, type ConsultationBed } from './consultations-harness';

type Leg = { who: string; number: string; state: string; attempts: number; id: number; lastOutcome: string | null; retryAt: string | null };

/** A PBX whose trunk and phones are reached through FreePBX's `from-internal`, configured as an operator would. */
const settings = readTelephonySettings({ CONSULT_CITIZEN_CHANNEL: 'Local/{number}@from-internal/n', CONSULT_OFFICIAL_CHANNEL: 'Local/{exten}@from-internal/n' });

let bed: ConsultationBed;
beforeAll(async () => {
  bed = await startConsultationBed({
    retries: 2, retryDelayMs: 150,
    dial: { citizenChannel: settings.consultCitizenChannel, officialChannel: settings.consultOfficialChannel, numberFormat: settings.originateNumberFormat },
  });
});

async function officialWithPhone(exten: string) {
  return bed.t.login({ role: 'official', fullName: `Посадовець ${exten}`, interface: `PJSIP/${exten}`, phone: `067111${exten}` });
}

describe('consultation dial strings from CONSULT_CITIZEN_CHANNEL and CONSULT_OFFICIAL_CHANNEL', () => {
  it('when they name Local channels, then the official is dialled at Local/<exten>@… and the citizens at Local/<national number>@…, and all join', async () => {
    const { user } = await officialWithPhone('1010');
    const c = await bed.consultation({ officialId: user.id, dialMode: 'parallel', citizens: ['0501000001', '0501000002'] });
    await bed.post(`/api/consultations/${c.id}/start`);
    const legs = await bed.legsIn(c.id, (l: Leg[]) => l.length === 3 && l.every((x) => x.state === 'joined'), 'the official and two citizens in the room');
    expect(legs.map((l: Leg) => l.who)).toEqual(['official', 'citizen', 'citizen']);
    expect(bed.dial.channels).toEqual(expect.arrayContaining(['Local/1010@from-internal/n', 'Local/0501000001@from-internal/n', 'Local/0501000002@from-internal/n']));
    expect(bed.dial.channels.some((ch) => ch.startsWith('PJSIP/'))).toBe(false);
    const room = bed.telephony.snapshot().conferences.find((r) => r.room === c.room);
    expect(room?.participants.map((p) => p.channel)).toEqual([
      expect.stringMatching(/^Local\/1010@from-internal-\w+;1$/), expect.stringMatching(/^Local\/0501000001@from-internal-\w+;1$/), expect.stringMatching(/^Local\/0501000002@from-internal-\w+;1$/),
    ]);
    await bed.post(`/api/consultations/${c.id}/end`);
  });

  it("when the PBX has no driver for the official's channel, then the organiser and supervisors are alerted at once with the dial string, and it is not retried", async () => {
    const { user } = await officialWithPhone('1011');
    const c = await bed.consultation({ officialId: user.id, citizens: ['0502000001'] });
    const organiser = await bed.watch(c.id);
    bed.sim.setTechnologies(['PJSIP', 'IAX2']);
    try {
      await bed.post(`/api/consultations/${c.id}/start`);
      const alert = await organiser.next('consultation:alert', (a) => a.id === c.id);
      expect(alert).toMatchObject({ alert: 'official_undialable', channel: 'Local/1011@from-internal/n' });
      const view = await bed.view(c.id);
      expect(view.alert).toBe('official_undialable');
      expect(view.legs).toEqual([expect.objectContaining({ who: 'official', state: 'failed', attempts: 1, lastOutcome: 'undialable', retryAt: null })]);
      const panel = await organiser.socket.emitWithAck('consultation:watch', { id: c.id });
      if (!panel.ok) throw new Error(panel.error.code);
      expect(panel.panel.legs[0]).toMatchObject({ state: 'failed', reason: 'undialable', retryAt: null });
      expect(bed.dial.channels).not.toContain('Local/0502000001@from-internal/n');
    } finally {
      bed.sim.setTechnologies(['PJSIP', 'IAX2', 'Local']);
      organiser.close();
    }
  });

  it("when the PBX cannot dial a citizen's channel, then that leg fails with an alert naming it, no retry loop, and the official stays", async () => {
    const { user } = await officialWithPhone('1012');
    const c = await bed.consultation({ officialId: user.id, citizens: [] });
    const organiser = await bed.watch(c.id);
    await bed.post(`/api/consultations/${c.id}/start`);
    await bed.legsIn(c.id, (l: Leg[]) => l[0]?.state === 'joined', 'the official in the room');
    bed.sim.setTechnologies(['PJSIP']);
    try {
      const res = await bed.post(`/api/consultations/${c.id}/legs`, { number: '0503000009' });
      expect(res.status).toBe(202);
      const alert = await organiser.next('consultation:alert', (a) => a.id === c.id);
      expect(alert).toMatchObject({ alert: 'leg_undialable', channel: 'Local/0503000009@from-internal/n' });
      const legs = await bed.legsIn(c.id, (l: Leg[]) => l[1]?.state === 'failed', 'the guest leg failed');
      expect(legs[1]).toMatchObject({ who: 'guest', attempts: 1, lastOutcome: 'undialable', retryAt: null });
      expect(legs[0].state).toBe('joined');
      expect((await body(await bed.t.fetch(`/api/consultations/${c.id}`, { cookie: bed.supervisor }))).status).toBe('running');
    } finally {
      bed.sim.setTechnologies(['PJSIP', 'IAX2', 'Local']);
      organiser.close();
    }
  });
});
