import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hangupAll, killAsterisk, LabAmi, placeCallers, setPhone, sleep, startAsterisk, stopAsterisk } from './lab';
import { callRows, classify, consoleLine, median, report, startLabBed, traceOf, until, type LabBed, type LabConsole } from './testbed';

const RUNS = Number(process.env.LAB_RESTART_RUNS ?? 10);

let bed: LabBed;
let agents: LabConsole[];
let supervisor: LabConsole;
const connected = (s: { state: string }) => s.state === 'connected';

beforeAll(async () => {
  bed = await startLabBed();
  agents = [await bed.agent('1004'), await bed.agent('1005')];
  supervisor = await bed.supervisor();
});

// Each case starts with the lab up, idle, and our link connected, whatever the case before left behind.
beforeEach(async () => {
  await startAsterisk(bed.lab);
  if (bed.listener.closed || bed.driver.closed) await bed.reconnect();
  await hangupAll(bed.driver);
  await until(async () => (await bed.health()).ami.state === 'connected', 'our link to the lab', 60_000);
  // A call the PBX cut after it was answered is still wrapped up, and the agent is held until then: classify it.
  for (const a of agents) {
    const desk = a.named('agent:snapshot').at(-1)?.data as { call?: { callId: string; state: string } | null } | undefined;
    if (desk?.call?.state === 'ended') await classify(bed, a, desk.call.callId);
  }
});

// Whatever happens here, the lab is left running for the next file and for people.
afterAll(async () => {
  await startAsterisk(bed.lab);
});

/** Two callers talking to both agents (their phones talk for ten minutes). */
async function twoCallsInProgress(tag: string): Promise<{ ids: string[]; answeredAt: number }> {
  for (const a of bed.lab.agents) await setPhone(bed.lab, a.ext, { ring: 1, talk: 600 });
  const since = Date.now();
  const ids = [`${tag}${since % 1_000_000}-0`, `${tag}${since % 1_000_000}-1`];
  await placeCallers(bed.driver, ids, { cidPrefix: '+38067520' });
  await until(() => ids.every((id) => bed.listener.events.some((m) => m.Event === 'AgentConnect' && m.Linkedid === id)), 'both calls answered in Asterisk', 30_000);
  await sleep(2000); // a little talk, so talk time means something
  return { ids, answeredAt: Date.now() - 2000 };
}

/** Every console is told that the phone system is down, pushed, without asking. */
async function everyoneToldDown(since: number): Promise<void> {
  for (const c of [...agents, supervisor]) {
    await c.next('telephony:status', (s) => !connected(s), { since, timeoutMs: 10_000 });
  }
}

/** The lab's AMI listener again (Asterisk restarted), and the moment Asterisk said FullyBooted. */
async function bootWatched(): Promise<number> {
  const deadline = Date.now() + 30_000;
  const booted = (async () => {
    while (Date.now() < deadline) {
      const ami = await LabAmi.open(bed.lab, { events: true, timeoutMs: 500 }).catch(() => null);
      if (!ami) { await sleep(20); continue; }
      const at = await until(() => ami.events.find((m) => m.Event === 'FullyBooted')?.at, 'FullyBooted', 20_000);
      ami.close();
      return at;
    }
    throw new Error('the lab did not come back');
  })();
  await startAsterisk(bed.lab);
  return booted;
}

/** From Asterisk fully booted to our link `connected` in /api/health. */
async function linkBackAfter(bootedAt: number): Promise<number> {
  await until(async () => (await bed.health()).ami.state === 'connected', 'our link back', 60_000);
  return Date.now() - bootedAt;
}

/** The agent's desk shows the call over: `call:ended`, or a snapshot with no call or an ended one. */
const sawEnd = (a: LabConsole, since: number) => () =>
  a.named('call:ended').some((s) => s.at >= since) ||
  a.named('agent:snapshot').some((s) => s.at >= since && (!s.data.call || s.data.call.state === 'ended'));

describe('when Asterisk goes away', () => {
  it('when Asterisk is stopped gracefully mid-call, then every console is told, the calls end when they were hung up, and the link comes back', async () => {
    const { ids, answeredAt } = await twoCallsInProgress('dg');
    const stoppedAt = Date.now();
    await stopAsterisk(bed.lab);
    await everyoneToldDown(stoppedAt);
    const rows = await until(async () => { const r = await callRows(bed, ids); return r.every((x) => x.ended_at) && r; }, 'both calls ended in the log', 15_000)
      .catch(async (e: Error) => (report(`scenario d (graceful): ${e.message}\n${ids.map((id) => traceOf(id, bed, agents, answeredAt)).join('\n')}`), callRows(bed, ids)));
    for (const r of rows) {
      expect(r.ended_at, r.id).not.toBeNull();
      expect(Math.abs(new Date(r.ended_at).getTime() - stoppedAt), 'ended when Asterisk hung up').toBeLessThan(3000);
      if ('ended_estimated' in r) expect(r.ended_estimated, 'a graceful stop sends the hang-ups: exact').toBe(false);
      expect(r.hangup_by, 'the PBX shut down with the call').toBe('system');
    }
    for (const a of agents) await until(sawEnd(a, stoppedAt), `${a.who}'s call ended`, 5000);
    const back = await linkBackAfter(await bootWatched());
    await bed.reconnect();
    for (const c of [...agents, supervisor]) await c.next('telephony:status', connected, { since: stoppedAt, timeoutMs: 5000 });
    report(`scenario d (graceful stop): consoles told; calls ended ${rows.map((r) => `${r.id} talk ${r.talk_seconds} s hangup_by ${r.hangup_by}`).join(', ')}; link back ${back} ms after FullyBooted`);
  });

  it('when Asterisk is killed mid-call, then the calls end at the last moment they were known alive, marked estimated, not when it came back', async () => {
    const { ids, answeredAt } = await twoCallsInProgress('dk');
    const killedAt = Date.now();
    await killAsterisk(bed.lab);
    await everyoneToldDown(killedAt);
    await sleep(5000); // an outage people notice
    const back = await linkBackAfter(await bootWatched());
    await bed.reconnect();
    const rows = await until(async () => { const r = await callRows(bed, ids); return r.every((x) => x.ended_at) && r; }, 'both calls ended in the log', 15_000)
      .catch(async () => callRows(bed, ids));
    report(`scenario d (kill -9): link back ${back} ms after FullyBooted; calls ${rows.map((r) => `${r.id} outcome ${r.outcome} ended ${r.ended_at ? `${new Date(r.ended_at).getTime() - killedAt} ms after the kill` : 'never'} talk ${r.talk_seconds} s estimated ${r.ended_estimated} hangup_by ${r.hangup_by}`).join('; ')}`);
    const console_ = (c: LabConsole) => c.seen.filter((x) => x.at >= killedAt - 1000 && x.name !== 'queues:snapshot').map((x) => consoleLine(c, x, killedAt));
    report(`scenario d (kill -9) what the consoles got, times from the kill:\n${[...agents, supervisor].flatMap(console_).join('\n')}`);
    const realTalk = (killedAt - answeredAt) / 1000;
    for (const r of rows) {
      expect(r.ended_at, `${r.id} ended`).not.toBeNull();
      expect(new Date(r.ended_at).getTime(), 'ended by the kill, not when Asterisk came back').toBeLessThanOrEqual(killedAt + 1000);
      expect(new Date(r.ended_at).getTime(), 'not before it was answered').toBeGreaterThanOrEqual(new Date(r.answered_at).getTime());
      expect(r.talk_seconds, 'talk up to the kill').toBeLessThanOrEqual(realTalk + 25);
      expect(r.ended_estimated, 'the end is an estimate').toBe(true);
      expect(r.hangup_by, 'the PBX went away with the call').toBe('system');
    }
    for (const a of agents) await until(sawEnd(a, killedAt), `${a.who}'s call ended`, 5000);
  });

  // The figures are printed, not asserted (speed is measured, never a timed assertion); the issue's target is 2 s.
  it(`when Asterisk restarts ${RUNS} times, then our link comes back each time, and how fast is printed`, async () => {
    const figures: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const downAt = Date.now();
      await (run % 2 ? killAsterisk(bed.lab) : stopAsterisk(bed.lab));
      await until(async () => (await bed.health()).ami.state !== 'connected', 'our link noticing', 30_000);
      await sleep(1000 + (run % 3) * 1500);
      figures.push(await linkBackAfter(await bootWatched()));
      report(`scenario d restart ${run + 1}/${RUNS} (${run % 2 ? 'kill -9' : 'core stop now'}, down ${((Date.now() - downAt) / 1000).toFixed(1)} s): link back ${figures.at(-1)} ms after FullyBooted`);
    }
    await bed.reconnect();
    report(`scenario d: FullyBooted → /api/health connected over ${RUNS} runs: min ${Math.min(...figures)} ms, median ${median(figures)} ms, max ${Math.max(...figures)} ms (${figures.join(', ')})`);
    expect(figures).toHaveLength(RUNS);
  });
});
