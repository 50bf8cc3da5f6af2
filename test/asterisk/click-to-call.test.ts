import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { channels, hangupAll, placeCallers, queueStatus, setCitizen, setPhone, sleep } from './lab';
import { callRows, classify, report, startLabBed, traceOf, until, type LabBed, type LabConsole } from './testbed';

let bed: LabBed;
let agent: LabConsole;
/** Logged in too, so the queue may ring it (its console open); its phone is the one that is not called here. */
let _secondAgent: LabConsole;

beforeAll(async () => {
  bed = await startLabBed();
  agent = await bed.agent('1004');
  _secondAgent = await bed.agent('1005');
  for (const a of bed.lab.agents) await setPhone(bed.lab, a.ext, { ring: 1, talk: 600 });
});

// Each case starts with an idle PBX, whatever the one before left ringing.
beforeEach(async () => {
  await hangupAll(bed.driver);
  await until(async () => (await channels(bed.driver)).length === 0, 'an idle lab', 10_000);
});

const originate = (c: LabConsole, number: string) => bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: c.cookie, json: { number } });

/** The desk's word for a call in conversation (the contract says `answered`; `talking` reads the same). */
const TALKING = ['answered', 'talking'];
const talking = (states: string[]) => states.some((x) => TALKING.includes(x));

/** The states the agent's desk showed for an outbound call, in order, without repeats (`call:ended` counts as ended). */
function outboundStates(c: LabConsole, callId: string): string[] {
  const states = c.seen
    .filter((s) => (s.name === 'agent:snapshot' && s.data.call?.callId === callId) || (s.name === 'call:ended' && s.data.callId === callId))
    .map((s) => (s.name === 'call:ended' ? 'ended' : (s.data.call.state as string)));
  return states.filter((s, i) => s !== states[i - 1]);
}

/** Click-to-call from the agent's console to a lab citizen phone; returns the call id and when it was asked. */
async function callCitizen(c: LabConsole, digits: string, behaviour: 'answers' | 'busy' | 'noanswer') {
  await setCitizen(bed.lab, digits, behaviour);
  const at = Date.now();
  const res = await originate(c, `0${digits.slice(3)}`);
  const reply = await body(res);
  expect(res.status, JSON.stringify(reply)).toBe(202);
  return { callId: reply.callId as string, at };
}

async function ended(callId: string, timeoutMs: number) {
  return until(async () => (await callRows(bed, [callId])).find((r) => r.ended_at), `${callId} ended in the log`, timeoutMs)
    .catch(async (e: Error) => {
      report(`scenario e: ${e.message}; row ${JSON.stringify((await callRows(bed, [callId]))[0])}\n${traceOf(callId, bed, [agent], Date.now() - timeoutMs)}`);
      throw e;
    });
}

describe('click-to-call through a real Asterisk', () => {
  it('when the citizen answers, then the desk shows dialling → ringing → answered → ended, a second call is refused, and talk counts from their answer', async () => {
    const { callId, at } = await callCitizen(agent, '380671110001', 'answers');
    await until(() => talking(outboundStates(agent, callId)), 'the desk showing the conversation', 15_000).catch(() => undefined);
    const during = await originate(agent, '0671110009');
    const mine = await body(await bed.t.fetch('/api/calls/mine', { cookie: agent.cookie }));
    const row = await ended(callId, 40_000);
    await until(() => outboundStates(agent, callId).includes('ended'), 'the desk showing ended', 5000).catch(() => undefined);
    const citizenAnswered = bed.listener.events.find((m) => m.Event === 'DialEnd' && m.Linkedid === callId && m.DialStatus === 'ANSWER' && /citizen-phones/.test(m.DestChannel ?? ''));
    report(`scenario e (answered): desk ${outboundStates(agent, callId).join(' → ') || 'nothing'}; second originate ${during.status}; ` +
      `log outcome ${row.outcome} hangup_by ${row.hangup_by} talk ${row.talk_seconds} s, answered ${row.answered_at ? new Date(row.answered_at).getTime() - at : '-'} ms after the click ` +
      `(citizen answered ${citizenAnswered ? citizenAnswered.at - at : '?'} ms after)\n${traceOf(callId, bed, [agent], at)}`);
    await classify(bed, agent, callId);
    const states = outboundStates(agent, callId);
    expect(states[0], 'the desk shows the call from the click').toBe('dialling');
    expect(talking(states) && states.at(-1) === 'ended', states.join(' → ')).toBe(true);
    expect(agent.named('agent:snapshot').find((s) => s.data.call?.callId === callId)?.data.call.direction).toBe('out');
    expect(during.status, 'one call at a time').toBe(409);
    expect(mine.items.map((c: { callId: string }) => c.callId)).toContain(callId);
    expect(row).toMatchObject({ direction: 'out', outcome: 'answered', hangup_by: 'caller' });
    expect(Math.abs(row.talk_seconds - 20), 'the citizen talks 20 s').toBeLessThanOrEqual(3);
    expect(citizenAnswered, 'Asterisk saw the citizen answer').toBeTruthy();
    expect(Math.abs(new Date(row.answered_at).getTime() - citizenAnswered!.at), 'answered when the citizen answered').toBeLessThan(1500);
  });

  it('when an answered click-to-call ends, then the agent is held for its wrap-up in Asterisk until they classify it (issue 20 item 7)', async () => {
    await setPhone(bed.lab, '1004', { ring: 1, talk: 600 });
    const { callId } = await callCitizen(agent, '380671110006', 'answers');
    const row = await ended(callId, 40_000);
    const member = async () => (await queueStatus(bed.driver, bed.lab.queue)).members.find((m) => m.location.includes('1004'));
    const held = await until(async () => { const m = await member(); return m?.paused && m.reason === 'wrap_up' ? m : null; }, 'the wrap-up hold in Asterisk', 5000).catch(() => null);
    const desk = agent.named('agent:snapshot').at(-1)?.data;
    const classifiedAt = Date.now();
    expect(await classify(bed, agent, callId)).toBe(200);
    const free = await until(async () => ((await member())?.paused === false ? Date.now() : null), 'the hold lifted', 5000).catch(() => null);
    report(`scenario e (wrap-up after click-to-call): log ${row.outcome}; Asterisk member 1004 after the end: ${held ? `paused ${held.reason}` : 'not held'}; desk ${desk?.state}; hold lifted ${free ? free - classifiedAt : '-'} ms after classifying`);
    expect(held).toBeTruthy();
    expect(desk?.state).toBe('wrap_up');
    expect(free).toBeTruthy();
  });

  it('when the citizen is busy, then the call is logged busy, never answered', async () => {
    const { callId } = await callCitizen(agent, '380671110002', 'busy');
    const row = await ended(callId, 30_000);
    report(`scenario e (busy): desk ${outboundStates(agent, callId).join(' → ')}; log outcome ${row.outcome} answered_at ${row.answered_at} talk ${row.talk_seconds}`);
    await classify(bed, agent, callId);
    expect(row.outcome).toBe('busy');
    expect(row.answered_at).toBeNull();
    expect(row.talk_seconds ?? 0).toBe(0);
  });

  it('when the citizen does not answer, then the call is logged as not answered once the dial times out', async () => {
    const { callId } = await callCitizen(agent, '380671110003', 'noanswer');
    const row = await ended(callId, 90_000);
    report(`scenario e (no answer): desk ${outboundStates(agent, callId).join(' → ')}; log outcome ${row.outcome} answered_at ${row.answered_at} talk ${row.talk_seconds}`);
    await classify(bed, agent, callId);
    expect(row.outcome).toMatch(/^no_?answer$/);
    expect(row.answered_at).toBeNull();
  });

  it('when the agent hangs up from the console, then Asterisk ends the call and talk counts up to the hang-up', async () => {
    const { callId, at } = await callCitizen(agent, '380671110005', 'answers');
    await until(() => bed.listener.events.some((m) => m.Event === 'DialEnd' && m.Linkedid === callId && m.DialStatus === 'ANSWER'), 'the citizen answering', 15_000);
    await sleep(3000);
    const res = await bed.t.fetch(`/api/calls/${callId}/hangup`, { method: 'POST', cookie: agent.cookie });
    const hungUpAt = Date.now();
    const row = await ended(callId, 10_000);
    report(`scenario e (hang-up): POST hangup ${res.status}; log outcome ${row.outcome} hangup_by ${row.hangup_by} talk ${row.talk_seconds} s, ended ${new Date(row.ended_at).getTime() - hungUpAt} ms after the request; desk ${outboundStates(agent, callId).join(' → ')}`);
    await classify(bed, agent, callId);
    expect(res.status).toBe(202);
    expect(row.outcome).toBe('answered');
    expect(row.hangup_by, 'asked from the console, whichever leg Asterisk dropped first').toBe('console');
    expect(new Date(row.ended_at).getTime()).toBeLessThan(at + 15_000);
    expect(Math.abs(row.talk_seconds - 3)).toBeLessThanOrEqual(2);
  });

  it("when the agent's phone hangs up or never answers, then the call log says the agent's phone ended it", async () => {
    await setPhone(bed.lab, '1004', { ring: 1, talk: 4 });
    try {
      const { callId } = await callCitizen(agent, '380671110006', 'answers');
      const row = await ended(callId, 30_000);
      report(`scenario e (agent's phone hangs up): log outcome ${row.outcome} hangup_by ${row.hangup_by} talk ${row.talk_seconds} s`);
      await classify(bed, agent, callId);
      expect(row).toMatchObject({ outcome: 'answered', hangup_by: 'agent' });
    } finally {
      await setPhone(bed.lab, '1004', { ring: 1, talk: 600 });
    }
    await until(async () => (await channels(bed.driver)).length === 0, 'an idle lab', 10_000);
    await setPhone(bed.lab, '1004', { ring: 'never' });
    try {
      const { callId } = await callCitizen(agent, '380671110007', 'answers');
      const row = await ended(callId, 60_000);
      report(`scenario e (agent's phone never answers): log outcome ${row.outcome} hangup_by ${row.hangup_by}`);
      await classify(bed, agent, callId);
      expect(row).toMatchObject({ outcome: 'failed', hangup_by: 'agent' });
    } finally {
      await setPhone(bed.lab, '1004', { ring: 1 });
    }
  });

  it('when the agent is talking to a queue caller, then click-to-call is refused with 409', async () => {
    await setPhone(bed.lab, '1005', { ring: 'never' });
    const id = `e${Date.now() % 1_000_000}-q`;
    try {
      await placeCallers(bed.driver, [id], { cidPrefix: '+38067530' });
      await until(() => bed.listener.events.some((m) => m.Event === 'AgentConnect' && m.Linkedid === id), 'the queue call answered by 1004', 40_000);
      await sleep(500);
      const res = await originate(agent, '0671110004');
      report(`scenario e (busy agent): originate during a queue call → ${res.status} ${JSON.stringify(await body(res))}`);
      expect(res.status).toBe(409);
    } finally {
      await setPhone(bed.lab, '1005', { ring: 1 });
      await hangupAll(bed.driver);
      await classify(bed, agent, id).catch(() => undefined);
    }
  });
});
