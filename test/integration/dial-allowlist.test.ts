import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { startConsultationBed, type ConsultationBed } from './consultations-harness';

/**
 * Toll fraud: whoever can make the PBX dial a number of their choosing can make it dial a premium or foreign
 * one. Click-to-call and a consultation's ad-hoc leg dial only the destinations allowed (`DIAL_ALLOWED_PREFIXES`,
 * Ukrainian numbers by default), over real HTTP, PostgreSQL and the PBX simulator.
 */
let bed: ConsultationBed;
beforeAll(async () => {
  bed = await startConsultationBed();
});

const FOREIGN = ['+1 212 555 0123', '00441632960123', '+882 16 1234 5678'];

describe('the dial allow-list', () => {
  it('when an agent clicks to call a number abroad, then 400 destination_not_allowed, nothing is dialled or logged; a Ukrainian number goes through', async () => {
    const agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1002' });
    const calls = async () => (await bed.t.db.dataSource.query('SELECT count(*)::int AS n FROM calls WHERE agent_user_id = $1', [agent.user.id]))[0].n;
    for (const number of FOREIGN) {
      const res = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number } });
      expect(res.status).toBe(400);
      expect((await body(res)).error).toMatchObject({ code: 'destination_not_allowed', fields: { number: expect.stringContaining('+380') } });
    }
    expect(await calls()).toBe(0);
    expect(bed.dial.dialled).not.toContain('1002');
    const ok = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number: '067 123 45 67' } });
    expect(ok.status).toBe(202);
    expect(await calls()).toBe(1);
  });

  it('when a supervisor adds an ad-hoc leg abroad to a running consultation, then 400 destination_not_allowed and it is not dialled', async () => {
    const c = await bed.consultation({ citizens: ['0604000001'] });
    expect((await bed.post(`/api/consultations/${c.id}/start`)).status).toBe(202);
    await bed.legsIn(c.id, (legs) => legs.some((l) => l.who === 'official' && l.state === 'joined'), 'the official in the room');
    for (const number of FOREIGN) {
      const res = await bed.post(`/api/consultations/${c.id}/legs`, { number });
      expect(res.status).toBe(400);
      expect((await body(res)).error.code).toBe('destination_not_allowed');
    }
    expect((await bed.view(c.id)).legs.filter((l: { who: string }) => l.who === 'guest')).toEqual([]);
    expect(bed.dial.dialled.filter((n) => /2125550123|1632960123|8821612345678/.test(n))).toEqual([]);
    expect((await bed.post(`/api/consultations/${c.id}/legs`, { number: '063 700 00 02' })).status).toBe(202);
  });
});
