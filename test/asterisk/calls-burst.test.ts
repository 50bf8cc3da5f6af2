import { beforeAll, describe, expect, it } from 'vitest';
import { channels, extOf, placeCallers, setPhone, sleep, type AmiMsg } from './lab';
import { callRows, median, report, startClerk, startLabBed, traceOf, until, type LabBed, type LabConsole } from './testbed';

const BURSTS = Number(process.env.LAB_BURSTS ?? 5);
const BURST = 20;
const TALK_S = 3;

let bed: LabBed;
let agents: LabConsole[];

beforeAll(async () => {
  bed = await startLabBed();
  agents = [await bed.agent('1004'), await bed.agent('1005')];
  for (const a of bed.lab.agents) await setPhone(bed.lab, a.ext, { ring: 1, talk: TALK_S });
});

/** Waits until the PBX carries no call, failing (with what is left) when nothing moves for a minute. */
async function drained(since: number): Promise<void> {
  let lastProgress = Date.now();
  let seen = bed.listener.events.length;
  for (;;) {
    const left = await channels(bed.driver);
    if (left.length === 0) return;
    if (bed.listener.events.length !== seen) {
      seen = bed.listener.events.length;
      lastProgress = Date.now();
    }
    if (Date.now() - lastProgress > 60_000) {
      throw new Error(`the queue stalled ${((Date.now() - since) / 1000).toFixed(0)} s into the burst; channels left: ${left.map((c) => `${c.Channel}(${c.ApplicationData || c.Application})`).join(', ')}`);
    }
    await sleep(500);
  }
}

describe('a busy shift through a real Asterisk: 100 calls in bursts of 20', () => {
  it('when callers come in bursts and agents talk 3 s, then every answered call ends with its real talk time and popped once at the agent who answered', async () => {
    const clerk = startClerk(bed, agents);
    const t0 = Date.now();
    const run = `a${t0 % 1_000_000}`;
    const ids: string[] = [];
    for (let b = 0; b < BURSTS; b++) {
      const burst = Array.from({ length: BURST }, (_, i) => `${run}-${b}-${String(i).padStart(2, '0')}`);
      ids.push(...burst);
      await placeCallers(bed.driver, burst, { cidPrefix: `+3806730${b}` });
      await drained(Date.now());
    }
    // The log is written off the event path; give it a moment after the last hang-up.
    await until(async () => (await callRows(bed, ids)).every((r) => r.ended_at), 'every call in the log ended', 30_000).catch(() => undefined);
    const rows = await callRows(bed, ids);
    const ami = bed.listener.events.filter((m) => ids.includes(m.Linkedid));
    const byEvent = (name: string) => ami.filter((m) => m.Event === name);
    const connected = new Map(byEvent('AgentConnect').map((m) => [m.Linkedid, m]));
    const completed = new Set(byEvent('AgentComplete').map((m) => m.Linkedid));
    const omitted = [...connected.keys()].filter((id) => !completed.has(id));

    const problems: { callId: string; what: string }[] = [];
    const talks: number[] = [];
    for (const id of connected.keys()) {
      const row = rows.find((r) => r.id === id);
      if (!row) { problems.push({ callId: id, what: 'answered in Asterisk, missing from the call log' }); continue; }
      if (!row.ended_at) problems.push({ callId: id, what: `never ended in the log (outcome ${row.outcome})` });
      if (row.outcome !== 'answered') problems.push({ callId: id, what: `outcome ${row.outcome}, expected answered` });
      if (row.talk_seconds === null || Math.abs(row.talk_seconds - TALK_S) > 3) problems.push({ callId: id, what: `talk ${row.talk_seconds} s for a ${TALK_S} s talk` });
      if (row.talk_seconds !== null) talks.push(row.talk_seconds);
      problems.push(...popProblems(id, connected.get(id)!, byEvent('AgentCalled').filter((m) => m.Linkedid === id)));
    }
    const inProgress = rows.filter((r) => r.outcome === 'in_progress').map((r) => r.id);
    for (const id of inProgress) if (!connected.has(id)) problems.push({ callId: id, what: 'in_progress, never answered in Asterisk' });

    report([
      `scenario a: ${ids.length} calls in ${BURSTS} bursts of ${BURST}, talk ${TALK_S} s, ${((Date.now() - t0) / 1000).toFixed(0)} s in all`,
      `  Asterisk: ${connected.size} answered (AgentConnect), ${completed.size} AgentComplete, omitted for ${omitted.length}: ${omitted.join(' ')}`,
      `  call log: ${rows.length} rows, ${rows.filter((r) => r.ended_at).length} ended, ${inProgress.length} in_progress, ` +
        `talk min/median/max ${talks.length ? `${Math.min(...talks)}/${median(talks)}/${Math.max(...talks)}` : '-'} s`,
      `  consoles: ${agents.map((a) => `${a.who} ${a.named('call:offered').length} offers`).join(', ')}; wrap-ups answered ${JSON.stringify(countBy([...clerk.classified.values()].map((c) => c.status)))}`,
      `  problems: ${problems.length}`,
      ...problems.slice(0, 15).map((p) => `    ${p.callId}: ${p.what}`),
      ...[...new Set(problems.map((p) => p.callId))].slice(0, 3).map((id) => `  trace of ${id}:\n${traceOf(id, bed, agents, t0)}`),
    ].join('\n'));
    expect(connected.size, 'every caller was answered by the lab').toBe(ids.length);
    expect(problems).toEqual([]);
  });
});

/** Every AgentCalled became exactly one pop at that agent's console, and the agent who answered had one. */
function popProblems(callId: string, connect: AmiMsg, called: AmiMsg[]): { callId: string; what: string }[] {
  const problems: { callId: string; what: string }[] = [];
  const consoleOf = (iface: string) => agents[bed.lab.agents.findIndex((a) => a.ext === extOf(iface))];
  const answeredBy = consoleOf(connect.Interface);
  for (const a of agents) {
    const pops = a.named('call:offered').filter((s) => s.data.callId === callId).length;
    const rung = called.filter((m) => consoleOf(m.Interface) === a).length;
    if (pops !== rung) problems.push({ callId, what: `${a.who}: ${pops} pops for ${rung} AgentCalled` });
  }
  if (!answeredBy) problems.push({ callId, what: `answered by ${connect.Interface}, which is no lab agent` });
  else if (answeredBy.named('call:offered').filter((s) => s.data.callId === callId).length !== 1) problems.push({ callId, what: `${answeredBy.who} answered but was not popped exactly once` });
  return problems;
}

const countBy = (xs: (string | number)[]) => xs.reduce<Record<string, number>>((n, x) => ({ ...n, [x]: (n[x] ?? 0) + 1 }), {});
