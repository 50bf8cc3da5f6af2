import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { channels, hangupAll, setCitizen, setPhone, sleep } from './lab';
import { report, startLabBed, until, type LabBed, type LabConsole } from './testbed';

/* eslint-disable @typescript-eslint/no-explicit-any -- API payloads are asserted by shape */

const RETRY_MS = 8000;
let bed: LabBed;
let supervisor: LabConsole;
let slot = 0;

beforeAll(async () => {
  bed = await startLabBed({ consultationRetryMs: RETRY_MS });
  supervisor = await bed.supervisor();
  // The lab is built without sounds; Read() with a missing prompt returns at once and the PIN is never heard.
  const sounds = path.join(bed.lab.dir, 'inst/var/lib/asterisk/sounds/en');
  await mkdir(sounds, { recursive: true });
  await writeFile(path.join(sounds, 'conf-getpin.sln'), Buffer.alloc(16_000), { flag: 'wx' }).catch(() => undefined);
});

beforeEach(async () => {
  await hangupAll(bed.driver);
  await until(async () => (await channels(bed.driver)).length === 0, 'an idle lab', 10_000);
});

const post = (p: string, json: object = {}) => bed.t.fetch(p, { method: 'POST', cookie: supervisorCookie(), json });
const supervisorCookie = () => supervisor.cookie;

/** A consultation with an official on lab phone `ext` and citizens registered by national number. */
async function consultation(ext: string, citizens: string[], dialMode: 'parallel' | 'sequential' = 'parallel') {
  const { user } = await bed.t.login({ role: 'official', fullName: `Посадовець ${ext}`, interface: `PJSIP/${ext}`, phone: `067111${ext}`, username: `official${ext}_${process.pid}_${++slot}` });
  const agent = await bed.t.login({ role: 'agent', username: `registrar${ext}_${process.pid}_${slot}` });
  const startsAt = new Date(Date.now() + (60 + 90 * slot) * 60_000).toISOString();
  const c = await body(await post('/api/consultations', { officialId: user.id, topic: 'Лабораторна консультація', startsAt, durationMinutes: 60, dialMode, autoStart: false }));
  for (const [i, phone] of citizens.entries()) {
    const r = await bed.t.fetch(`/api/consultations/${c.id}/participants`, { method: 'POST', cookie: agent.cookie, json: { citizen: { fullName: `Громадянин ${i + 1}`, phone }, question: `Питання ${i + 1}` } });
    expect(r.status, await r.clone().text()).toBe(201);
  }
  return c as { id: number; room: string; pin: string };
}

const legRows = (id: number): Promise<any[]> => bed.t.db.dataSource.query(
  'SELECT id, who, number, state, attempts, last_outcome, retry_at, joined_at, channel FROM consultation_legs WHERE consultation_id = $1 ORDER BY id', [id]);

describe('consultations through a real Asterisk', () => {
  it('when an official and two citizens are dialled through Local channels, then all three join the room; times to join are printed', async () => {
    await setPhone(bed.lab, '1006', { ring: 1, talk: 600 });
    await setCitizen(bed.lab, '380501000001', 'answers');
    await setCitizen(bed.lab, '380501000002', 'answers');
    const c = await consultation('1006', ['0501000001', '0501000002']);
    const startedAt = Date.now();
    expect((await post(`/api/consultations/${c.id}/start`)).status).toBe(202);
    const legs = await until(async () => {
      const rows = await legRows(c.id);
      return rows.length === 3 && rows.every((l) => l.state === 'joined') ? rows : null;
    }, 'the official and both citizens in the room', 30_000);
    const joins = bed.listener.events.filter((m) => m.Event === 'ConfbridgeJoin' && m.Conference === c.room);
    const room = await bed.driver.action({ Action: 'ConfbridgeList', Conference: c.room });
    const inRoom = room.filter((m) => m.Event === 'ConfbridgeList').map((m) => m.Channel);
    report(`consultation (Local legs): room ${c.room}; ` + legs.map((l) =>
      `${l.who} ${l.number} joined ${new Date(l.joined_at).getTime() - startedAt} ms after the start (${l.channel})`).join('; ') +
      `; AMI ConfbridgeJoin ${joins.map((m) => `${m.Channel} +${m.at - startedAt} ms`).join(', ')}`);
    await post(`/api/consultations/${c.id}/end`);
    expect(legs.map((l) => l.who)).toEqual(['official', 'citizen', 'citizen']);
    expect(inRoom).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Local\/1006@agents-\w+;1$/), expect.stringMatching(/^Local\/0501000001@agents-\w+;1$/), expect.stringMatching(/^Local\/0501000002@agents-\w+;1$/),
    ]));
  });

  it("when the dial strings name PJSIP on this PBX without chan_pjsip, then the organiser is alerted at once with the dial string and the leg is not retried", async () => {
    const saved = { ...bed.consultDial };
    Object.assign(bed.consultDial, { officialChannel: '{interface}', citizenChannel: 'PJSIP/{e164}@trunk' });
    const logFile = path.join(bed.lab.dir, 'inst/var/log/asterisk/messages.log');
    const logBefore = (await readFile(logFile, 'utf-8').catch(() => '')).length;
    try {
      const c = await consultation('1007', ['0501000004']);
      const since = Date.now();
      await post(`/api/consultations/${c.id}/start`);
      const alert = await supervisor.next('consultation:alert', (a) => a.id === c.id, { since, timeoutMs: 15_000 });
      const asteriskSaid = (await readFile(logFile, 'utf-8').catch(() => '')).slice(logBefore).split('\n').filter((l) => /No channel type registered/.test(l));
      const legs = await legRows(c.id);
      report(`consultation (no chan_pjsip): alert ${JSON.stringify(alert.data)} ${alert.at - since} ms after the start; legs ${JSON.stringify(legs.map((l) => [l.who, l.state, l.attempts, l.last_outcome]))}; Asterisk: ${asteriskSaid.join(' | ') || '-'}`);
      await sleep(RETRY_MS + 2000);
      const later = await legRows(c.id);
      await post(`/api/consultations/${c.id}/end`);
      expect(alert.data).toMatchObject({ alert: 'official_undialable', channel: 'PJSIP/1007' });
      expect(later).toEqual([expect.objectContaining({ who: 'official', state: 'failed', attempts: 1, last_outcome: 'undialable', retry_at: null })]);
    } finally {
      Object.assign(bed.consultDial, saved);
    }
  });

  it('when a citizen whose call-out was busy dials in with the PIN before the retry, then they are in the room and not dialled again', async () => {
    await setPhone(bed.lab, '1008', { ring: 1, talk: 600 });
    await setCitizen(bed.lab, '380501000003', 'busy');
    const c = await consultation('1008', ['0501000003']);
    const startedAt = Date.now();
    await post(`/api/consultations/${c.id}/start`);
    const failed = await until(async () => (await legRows(c.id)).find((l) => l.who === 'citizen' && l.retry_at), 'the busy call-out waiting for its retry', 30_000);
    // The citizen calls the room from outside (extensions.conf [consult-dialin]) and keys in the PIN.
    const [reply] = await bed.driver.action({
      Action: 'Originate', Channel: `Local/${c.room}@consult-dialin/n`, Application: 'SendDTMF', Data: `ww${c.pin}#`,
      CallerID: '"Громадянин" <380501000003>', Async: 'true', Timeout: '10000',
    });
    expect(reply.Response).toBe('Success');
    const dialIn = await until(async () => (await legRows(c.id)).find((l) => l.who === 'citizen' && l.id !== failed.id), 'the dial-in leg', 30_000);
    const settled = await until(async () => (await legRows(c.id)).find((l) => l.id === failed.id && l.state !== 'dialing'), 'the call-out settled', 10_000);
    await sleep(Math.max(0, new Date(failed.retry_at).getTime() - Date.now()) + 3000);
    const dialled = bed.listener.events.filter((m) => m.Event === 'DialBegin' && /citizen-phones/.test(m.DestChannel ?? '') && /380501000003/.test(m.DestChannel ?? '') && m.at >= startedAt);
    report(`consultation (dial-in before the retry): call-out ${failed.last_outcome}, retry was due ${new Date(failed.retry_at).getTime() - startedAt} ms after the start; ` +
      `dial-in leg ${dialIn.state} at +${new Date(dialIn.joined_at ?? Date.now()).getTime() - startedAt} ms; call-out now ${settled.state} ${settled.last_outcome}; the citizen was dialled ${dialled.length} time(s)`);
    await post(`/api/consultations/${c.id}/end`);
    expect(settled).toMatchObject({ state: 'failed', last_outcome: 'joined_other_leg', retry_at: null });
    expect(dialled).toHaveLength(1);
  });
});
