import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astcli, channels, editQueuesConf, extOf, placeCallers, setPhone, type AmiMsg } from './lab';
import { report, startClerk, startLabBed, traceOf, until, type LabBed, type LabConsole } from './testbed';

const CALLERS = 16;
const TALK_S = 3;
/** Seconds an agent spends at the wrap-up panel: always longer than app_queue's once-a-second re-check. */
const WRAP_UP_MS = [2000, 3500, 5000];
/**
 * The queue's own `wrapuptime` during this scenario. 0 by default: the race (the next offer 6–12 ms after
 * the hang-up, before our pause) only shows without it, and our hold must not depend on it.
 */
const WRAPUPTIME = process.env.LAB_WRAPUPTIME ?? '0';

let bed: LabBed;
let agents: LabConsole[];
let restore: (() => Promise<void>) | null = null;

beforeAll(async () => {
  bed = await startLabBed();
  agents = [await bed.agent('1004'), await bed.agent('1005')];
  for (const a of bed.lab.agents) await setPhone(bed.lab, a.ext, { ring: 1, talk: TALK_S });
  restore = await editQueuesConf(bed.lab, (text) => text.replace(/^wrapuptime\s*=.*$/m, `wrapuptime = ${WRAPUPTIME}`));
  await astcli(bed.lab, 'module reload app_queue');
});

afterAll(async () => {
  await restore?.();
  await astcli(bed.lab, 'module reload app_queue');
});

/** The pauses of the member who answered `callId`, for its trace. */
const pausesOf = (callId: string) => {
  const ext = extOf(bed.listener.events.find((m) => m.Event === 'AgentConnect' && m.Linkedid === callId)?.Interface ?? '');
  return (m: AmiMsg) => m.Event === 'QueueMemberPause' && extOf(m.Interface) === ext;
};

describe('wrap-up holds through a real Asterisk', () => {
  it('when callers wait and an agent\'s call ends, then no new call is offered until they classify it, and one is right after', async () => {
    let n = 0;
    const clerk = startClerk(bed, agents, () => WRAP_UP_MS[n++ % WRAP_UP_MS.length]);
    const t0 = Date.now();
    const ids = Array.from({ length: CALLERS }, (_, i) => `b${t0 % 1_000_000}-${String(i).padStart(2, '0')}`);
    await placeCallers(bed.driver, ids, { cidPrefix: '+38067410' });
    await until(async () => (await channels(bed.driver)).length === 0, 'every caller served', 5 * 60_000)
      .catch((e: Error) => report(`scenario b: ${e.message}`));
    // The last wrap-ups are still at the panel when the PBX goes idle.
    await until(() => [...clerk.ended.keys()].every((id) => clerk.classified.has(id)), 'the last wrap-ups', 15_000).catch(() => undefined);

    const ev = bed.listener.events.filter((m) => m.at >= t0);
    const problems: string[] = [];
    const handled: string[] = [];
    for (const id of ids) {
      const connect = ev.find((m) => m.Event === 'AgentConnect' && m.Linkedid === id);
      if (!connect) continue;
      handled.push(id);
      const ext = extOf(connect.Interface);
      const agent = agents[bed.lab.agents.findIndex((a) => a.ext === ext)];
      const hangup = ev.find((m) => m.Event === 'Hangup' && m.Linkedid === id && extOf(m.Channel) === ext && m.Channel.includes('agent-phones'));
      const wrap = clerk.classified.get(id);
      if (!hangup) { problems.push(`${id}: no hang-up of ${ext}'s leg seen`); continue; }
      if (!wrap) problems.push(`${id}: ${agent.who} never saw the call end (no call:ended / ended snapshot), so never classified it`);
      else if (wrap.status !== 200) problems.push(`${id}: wrap-up answered ${wrap.status}`);
      const until_ = wrap?.sentAt ?? Infinity;
      const rungEarly = ev.filter((m) => m.Event === 'AgentCalled' && extOf(m.Interface) === ext && m.at > hangup.at && m.at < until_);
      const poppedEarly = agent.named('call:offered').filter((s) => s.data.callId !== id && s.at > hangup.at && s.at < until_);
      for (const m of rungEarly) problems.push(`${id}: ${agent.who} rung for ${m.Linkedid} ${m.at - hangup.at} ms after hanging up, before classifying`);
      for (const s of poppedEarly) problems.push(`${id}: ${agent.who} offered ${s.data.callId} ${s.at - hangup.at} ms after hanging up, before classifying`);
      // Callers still waiting when the agent classified: the next ring comes at once (app_queue re-checks each second).
      if (wrap && ids.some((other) => !ev.some((m) => m.Event === 'AgentConnect' && m.Linkedid === other && m.at <= wrap.at))) {
        const next = ev.find((m) => m.Event === 'AgentCalled' && extOf(m.Interface) === ext && m.at >= wrap.sentAt);
        if (!next || next.at - wrap.at > 5000) problems.push(`${id}: ${agent.who} classified with callers waiting but was not rung within 5 s (${next ? next.at - wrap.at : 'never'} ms)`);
      }
    }
    report([
      `scenario b: ${handled.length} of ${CALLERS} calls handled with wrapuptime=${WRAPUPTIME}, wrap-up ${WRAP_UP_MS.join('/')} ms; problems ${problems.length}`,
      ...problems.map((p) => `  ${p}`),
      ...[...new Set(problems.map((p) => p.split(':')[0]))].slice(0, 2).map((id) => `  trace of ${id}:\n${traceOf(id, bed, agents, t0, pausesOf(id))}`),
    ].join('\n'));
    expect(handled.length, 'at least 14 calls went through the wrap-up').toBeGreaterThanOrEqual(14);
    expect(problems).toEqual([]);
  });
});
